package onebox.http;

/**
 * Turns the raw request path into a path inside the static root, or refuses it. Undertow
 * does not decode URLs here (see {@link PublicServer}), so every escape trick arrives
 * raw and is judged once: encoded slashes and backslashes, NUL, dot segments.
 */
final class StaticPath {

    private StaticPath() {}

    static String resolve(String rawPath) {
        if (isPlain(rawPath)) {
            return rawPath;
        }
        String lower = rawPath.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || rawPath.contains("\\")) {
            throw HttpProblem.notFound("nothing is published at this path");
        }
        String path = UriCodec.decodeSegment(rawPath);
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0 || !path.startsWith("/")) {
            throw HttpProblem.badRequest("the path contains characters no file name has");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw HttpProblem.notFound("nothing is published at this path");
            }
        }
        return path;
    }

    /**
     * The common case, judged in one pass: nothing to decode (no {@code %}), no backslash, no
     * segment that starts with a dot. Such a path is its own answer.
     */
    private static boolean isPlain(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return false;
        }
        for (int i = 1; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '-' || c == '_' || c == '~' || (c == '.' && rawPath.charAt(i - 1) != '/');
            if (!safe) {
                return false;
            }
        }
        return true;
    }
}
