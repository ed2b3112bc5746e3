package onebox.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {

    @Test
    void pairOfAPrivateKeyReadFromPemHasTheOriginalPublicKey(@TempDir Path dir) throws Exception {
        for (KeyPair original : new KeyPair[] {Keys.ecP256(), Keys.rsa(2048)}) {
            Path file = dir.resolve(original.getPrivate().getAlgorithm() + ".pem");
            Pem.writePrivateKey(file, original.getPrivate());
            KeyPair read = Keys.pairOf(Pem.readPrivateKey(file));
            assertEquals(original.getPublic(), read.getPublic(), original.getPrivate().getAlgorithm());
            assertEquals(original.getPrivate(), read.getPrivate());
        }
    }
}
