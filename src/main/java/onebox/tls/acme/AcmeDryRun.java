package onebox.tls.acme;

import java.util.Set;

/**
 * What the admin dry run found: the CA's directory answers, the account exists and is usable.
 *
 * @param profiles certificate profiles the CA offers (empty when it offers none)
 * @param renewalInfo whether the CA offers ACME Renewal Information (RFC 9773)
 */
public record AcmeDryRun(String directory, String account, String accountStatus, Set<String> profiles, boolean renewalInfo) {

    public AcmeDryRun {
        profiles = Set.copyOf(profiles);
    }
}
