# NixOS module for onebox. Import it and set services.onebox.enable:
#   imports = [ /path/to/onebox/nixos/module.nix ];
# The unit carries the same hardening as systemd/onebox.service.
{
  config,
  lib,
  pkgs,
  ...
}:

let
  cfg = config.services.onebox;
  inherit (lib)
    mkEnableOption
    mkIf
    mkMerge
    mkOption
    types
    ;

  stateDir = "/var/lib/onebox";
  adminPort = cfg.settings.ONEBOX_ADMIN_PORT or 9090;
  pgSocket = "/run/postgresql/.s.PGSQL.${toString config.services.postgresql.settings.port}";

  render = value: if builtins.isBool value then lib.boolToString value else toString value;

  environment = {
    ONEBOX_ENV = "prod";
    ONEBOX_CERT_DIR = "${stateDir}/certs";
    ONEBOX_DATA_DIR = "${stateDir}/data";
  }
  // lib.optionalAttrs (cfg.domains != [ ]) { ONEBOX_DOMAINS = lib.concatStringsSep "," cfg.domains; }
  // lib.optionalAttrs (cfg.acme.email != null) { ONEBOX_ACME_EMAIL = cfg.acme.email; }
  // lib.optionalAttrs (cfg.acme.directoryUrl != null) { ONEBOX_ACME_DIRECTORY = cfg.acme.directoryUrl; }
  // lib.optionalAttrs cfg.database.createLocally {
    # Peer authentication over the Unix socket: no password anywhere. pgjdbc
    # reaches the socket through junixsocket's socket factory.
    PG_DSN = "jdbc:postgresql://localhost/onebox?user=onebox&socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg&socketFactoryArg=${pgSocket}";
  }
  // lib.mapAttrs (_: render) cfg.settings;
in
{
  options.services.onebox = {
    enable = mkEnableOption "onebox, an HTTPS products API that obtains its own certificates";

    package = mkOption {
      type = types.package;
      default = pkgs.callPackage ./package.nix { };
      defaultText = lib.literalExpression "pkgs.callPackage ./package.nix { }";
      description = "The onebox package.";
    };

    domains = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "example.org" "www.example.org" ];
      description = "Names in the certificate (ONEBOX_DOMAINS); each must resolve to this machine.";
    };

    acme.email = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "Contact of the ACME account (ONEBOX_ACME_EMAIL).";
    };

    acme.directoryUrl = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "https://acme-staging-v02.api.letsencrypt.org/directory";
      description = "ACME directory (ONEBOX_ACME_DIRECTORY); null: Let's Encrypt, as ONEBOX_ENV picks.";
    };

    settings = mkOption {
      type = types.attrsOf (types.oneOf [ types.str types.int types.bool ]);
      default = { };
      example = { ONEBOX_LOG_LEVEL = "debug"; ONEBOX_RATE_LIMIT = 100; };
      description = "Further settings, rendered into the environment; they win over the options above.";
    };

    environmentFile = mkOption {
      type = types.nullOr types.path;
      default = null;
      description = "A KEY=VALUE file read by systemd (kept out of the Nix store), e.g. for PG_DSN.";
    };

    credentials = mkOption {
      type = types.attrsOf types.path;
      default = { };
      example = { db-password = "/run/secrets/onebox-db-password"; api-tokens = "/run/secrets/onebox-api-tokens"; };
      description = "systemd credentials by name (db-password, api-tokens, admin-tokens, acme-eab-hmac) and the file each is read from.";
    };

    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Open ports 80 and 443.";
    };

    database.createLocally = mkOption {
      type = types.bool;
      # The embedded PostgreSQL's prebuilt binaries expect a conventional
      # Linux file system layout, which NixOS does not have.
      default = true;
      description = "Run PostgreSQL on this machine (services.postgresql) with a role and database onebox, reached over the Unix socket with peer authentication.";
    };

    monitoring.enable = mkOption {
      type = types.bool;
      default = false;
      description = "Prometheus scraping onebox's admin listener and node-exporter, with onebox's alert rules.";
    };

    monitoring.ruleFiles = mkOption {
      type = types.listOf types.path;
      default = [ "${cfg.package}/share/onebox/monitoring/alerts.yml" ];
      defaultText = lib.literalExpression ''[ "''${cfg.package}/share/onebox/monitoring/alerts.yml" ]'';
      description = "Alert rule files for Prometheus.";
    };
  };

  config = mkIf cfg.enable (mkMerge [
    {
      systemd.services.onebox = {
        description = "onebox: HTTPS products API with its own certificates";
        wantedBy = [ "multi-user.target" ];
        wants = [ "network-online.target" ];
        after = [ "network-online.target" ] ++ lib.optional cfg.database.createLocally "postgresql.service";
        requires = lib.optional cfg.database.createLocally "postgresql.service";
        inherit environment;

        serviceConfig = {
          Type = "exec";
          ExecStart = lib.getExe cfg.package;
          SuccessExitStatus = 143;
          Restart = "on-failure";
          RestartSec = "2s";
          TimeoutStartSec = "5min";
          TimeoutStopSec = "45s";
          KillMode = "mixed";

          DynamicUser = true;
          User = "onebox";
          StateDirectory = "onebox";
          StateDirectoryMode = "0700";
          WorkingDirectory = stateDir;
          UMask = "0077";
          LimitNOFILE = 65536;
          EnvironmentFile = lib.optional (cfg.environmentFile != null) cfg.environmentFile;
          LoadCredential = lib.mapAttrsToList (name: path: "${name}:${path}") cfg.credentials;

          AmbientCapabilities = [ "CAP_NET_BIND_SERVICE" ];
          CapabilityBoundingSet = [ "CAP_NET_BIND_SERVICE" ];
          NoNewPrivileges = true;
          # Left out on purpose, as in systemd/onebox.service:
          # MemoryDenyWriteExecute (the JIT), PrivateUsers (binding 80/443),
          # ProcSubset=pid (the JVM's CPU and memory sizing).
          ProtectSystem = "strict";
          ProtectHome = true;
          PrivateTmp = true;
          PrivateDevices = true;
          PrivateIPC = true;
          PrivateMounts = true;
          ProtectHostname = true;
          ProtectClock = true;
          ProtectKernelTunables = true;
          ProtectKernelModules = true;
          ProtectKernelLogs = true;
          ProtectControlGroups = true;
          ProtectProc = "invisible";
          DevicePolicy = "closed";
          RestrictAddressFamilies = [ "AF_INET" "AF_INET6" "AF_UNIX" ];
          RestrictNamespaces = true;
          RestrictRealtime = true;
          RestrictSUIDSGID = true;
          LockPersonality = true;
          RemoveIPC = true;
          SystemCallArchitectures = "native";
          SystemCallFilter = [ "@system-service" "~@privileged @resources" ];
          SystemCallErrorNumber = "EPERM";
        };
      };
    }

    (mkIf cfg.openFirewall {
      networking.firewall.allowedTCPPorts = [ 80 443 ];
    })

    (mkIf cfg.database.createLocally {
      services.postgresql = {
        enable = true;
        ensureDatabases = [ "onebox" ];
        ensureUsers = [
          {
            name = "onebox";
            ensureDBOwnership = true;
          }
        ];
      };
    })

    (mkIf cfg.monitoring.enable {
      services.prometheus = {
        enable = true;
        # Prometheus's default port, 9090, is onebox's admin port.
        port = lib.mkDefault 9091;
        listenAddress = lib.mkDefault "127.0.0.1";
        ruleFiles = cfg.monitoring.ruleFiles;
        exporters.node = {
          enable = true;
          listenAddress = lib.mkDefault "127.0.0.1";
        };
        scrapeConfigs = [
          {
            job_name = "onebox";
            static_configs = [ { targets = [ "127.0.0.1:${toString adminPort}" ]; } ];
          }
          {
            job_name = "node";
            static_configs = [
              { targets = [ "127.0.0.1:${toString config.services.prometheus.exporters.node.port}" ]; }
            ];
          }
        ];
      };
    })
  ]);
}
