package onebox.http;

/**
 * Turns the raw request path into a path inside the static root, or refuses it. Undertow
 * does not decode URLs here (see {@link PublicServer}), so every escape trick arrives
 * raw and is judged once: encoded slashes and backslashes, NUL, dot segments.
 */
final class StaticPath {

    private StaticPath() {}

    static String resolve(String rawPath) {
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
}
