# NixOS VM test: boot a machine with onebox and a local ACME server (Pebble,
# from nixpkgs), let onebox obtain a certificate over HTTP-01, and curl the
# API over HTTPS trusting Pebble's root. Run it with Nix on a Linux machine
# with KVM:
#   nix-build -E 'with import <nixpkgs> { }; testers.runNixOSTest ./nixos/tests/onebox.nix'
{ pkgs, lib, ... }:

let
  domain = "onebox.test";
  pebbleConfig = pkgs.writeText "pebble.json" (builtins.toJSON {
    pebble = {
      listenAddress = "127.0.0.1:14000";
      managementListenAddress = "127.0.0.1:15000";
      certificate = "/var/lib/pebble/cert.pem";
      privateKey = "/var/lib/pebble/key.pem";
      httpPort = 80;
      tlsPort = 443;
    };
  });
in
{
  name = "onebox";

  nodes.machine =
    { config, ... }:
    {
      imports = [ ../module.nix ];
      virtualisation.memorySize = 2048;
      networking.hosts."127.0.0.1" = [ domain ];
      environment.systemPackages = [ pkgs.curl pkgs.openssl ];

      # Pebble's own HTTPS needs a certificate: a throwaway one, made at start.
      systemd.services.pebble = {
        wantedBy = [ "multi-user.target" ];
        before = [ "onebox.service" ];
        path = [ pkgs.openssl ];
        environment.PEBBLE_VA_NOSLEEP = "1";
        serviceConfig = {
          StateDirectory = "pebble";
          ExecStartPre = pkgs.writeShellScript "pebble-cert" ''
            cd /var/lib/pebble
            [ -f cert.pem ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
              -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
              -keyout key.pem -out cert.pem
            chmod 0644 cert.pem
          '';
          ExecStart = "${pkgs.pebble}/bin/pebble -config ${pebbleConfig}";
        };
      };

      services.onebox = {
        enable = true;
        domains = [ domain ];
        acme.email = "admin@${domain}";
        acme.directoryUrl = "https://localhost:14000/dir";
        settings = {
          ONEBOX_ACME_CA_FILE = "/var/lib/pebble/cert.pem";
          ONEBOX_ACME_CHALLENGE = "http-01";
        };
      };
    };

  testScript = ''
    machine.wait_for_unit("pebble.service")
    machine.wait_for_open_port(14000)
    machine.wait_for_unit("postgresql.service")
    machine.wait_for_unit("onebox.service")
    machine.wait_until_succeeds("curl -fsS http://127.0.0.1:9090/readyz", timeout=300)

    machine.succeed("curl -fsS --cacert /var/lib/pebble/cert.pem https://localhost:15000/roots/0 > /tmp/pebble-root.pem")
    machine.succeed(
        "curl -fsS --cacert /tmp/pebble-root.pem -H 'Content-Type: application/json' "
        + "-d '{\"name\":\"ball\",\"quantity\":4}' https://${domain}/api/products"
    )
    listing = machine.succeed("curl -fsS --cacert /tmp/pebble-root.pem https://${domain}/api/products")
    assert '"ball"' in listing, listing
    machine.succeed("curl -fsS -o /dev/null -w '%{http_code}' http://${domain}/ | grep -x 308")

    machine.systemctl("stop onebox.service")
    machine.fail("systemctl is-failed onebox.service")
  '';
}
