package onebox.http;

/**
 * Reads Accept-Encoding (RFC 9110 12.5.3) for one question: may this coding be sent? A
 * coding is acceptable when listed, or covered by {@code *}, with a q-value above zero;
 * an explicit entry outranks the wildcard.
 */
final class AcceptEncoding {

    private AcceptEncoding() {}

    static boolean accepts(String header, String coding) {
        if (header == null) {
            return false;
        }
        Boolean wildcard = null;
        for (String entry : header.split(",")) {
            int semicolon = entry.indexOf(';');
            String name = (semicolon < 0 ? entry : entry.substring(0, semicolon)).strip();
            boolean allowed = semicolon < 0 || qualityAboveZero(entry.substring(semicolon + 1));
            if (name.equalsIgnoreCase(coding)) {
                return allowed;
            }
            if (name.equals("*")) {
                wildcard = allowed;
            }
        }
        return wildcard != null && wildcard;
    }

    /** "q=0", "q=0.0", "q=0.000" refuse; anything else, malformed included, is taken as a yes. */
    private static boolean qualityAboveZero(String parameters) {
        for (String parameter : parameters.split(";")) {
            String p = parameter.strip();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                return !p.substring(2).strip().matches("0(\\.0{0,3})?");
            }
        }
        return true;
    }
}
