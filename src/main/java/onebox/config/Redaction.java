package onebox.config;

import java.util.regex.Pattern;

/** Removes passwords from connection strings before they are printed or logged. */
public final class Redaction {

    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(://[^/@:?#]*:)[^@/?#]*@");
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)([?&;](?:password|sslpassword)=)[^&;]*");

    private Redaction() {}

    /** {@code postgres://app:s3cret@db/app?password=x} → {@code postgres://app:***@db/app?password=***}. */
    public static String dsn(String dsn) {
        String withoutUserInfo = USER_INFO_PASSWORD.matcher(dsn).replaceAll("$1***@");
        return PASSWORD_PARAMETER.matcher(withoutUserInfo).replaceAll("$1***");
    }
}
