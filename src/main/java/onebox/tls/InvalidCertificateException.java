package onebox.tls;

/** A certificate and key that must not be served; the message says what is wrong with them. */
public final class InvalidCertificateException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidCertificateException(String message) {
        super(message);
    }

    public InvalidCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
