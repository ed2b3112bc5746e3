# onebox built from this checkout with Maven, as a Nix package:
#   nix-build -E 'with import <nixpkgs> { }; callPackage ./nixos/package.nix { }'
# mvnHash pins every Maven dependency. After a change to pom.xml, set it to
# lib.fakeHash, build, and copy the hash that Nix reports.
{
  lib,
  maven,
  jdk21_headless,
  makeWrapper,
}:

maven.buildMavenPackage {
  pname = "onebox";
  version = "0.1.0";

  src = lib.cleanSourceWith {
    src = ../.;
    # Only what the build reads: no target/, data/, keys or CI files.
    filter =
      path: type:
      let
        relative = lib.removePrefix (toString ../. + "/") (toString path);
      in
      relative == "pom.xml"
      || relative == "src"
      || lib.hasPrefix "src/" relative
      || relative == "monitoring"
      || lib.hasPrefix "monitoring/" relative;
  };

  mvnJdk = jdk21_headless;
  mvnHash = lib.fakeHash;
  # The tests need PostgreSQL, curl and free ports: they run in CI, not in the sandbox.
  mvnParameters = "-DskipTests";

  nativeBuildInputs = [ makeWrapper ];

  installPhase = ''
    runHook preInstall
    install -Dm644 target/onebox.jar $out/share/onebox/onebox.jar
    if [ -d monitoring ]; then
      cp -r monitoring $out/share/onebox/monitoring
    fi
    makeWrapper ${jdk21_headless}/bin/java $out/bin/onebox \
      --add-flags "-XX:+ExitOnOutOfMemoryError -Xmx192m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000 -jar $out/share/onebox/onebox.jar"
    runHook postInstall
  '';

  meta = {
    description = "One process on one machine: HTTPS with ACME, a PostgreSQL-backed API, static files, health and metrics";
    license = lib.licenses.mit;
    mainProgram = "onebox";
    platforms = lib.platforms.linux;
  };
}
