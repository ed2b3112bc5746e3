package onebox.http;

/**
 * A product as a client sent it, checked against DESIGN.md: a name of 1–200 characters
 * (code points) without control characters or lone surrogates, a quantity 0–2147483647.
 */
record ProductInput(String name, int quantity) {

    static final int MAX_NAME_CODE_POINTS = 200;

    ProductInput {
        checkName(name);
        if (quantity < 0) {
            throw HttpProblem.badRequest("quantity must be an integer from 0 to 2147483647");
        }
    }

    static String checkName(String name) {
        if (name.isEmpty()) {
            throw HttpProblem.badRequest("name must not be empty");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_CODE_POINTS) {
            throw HttpProblem.badRequest("name must be at most " + MAX_NAME_CODE_POINTS + " characters");
        }
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            if (Character.isSurrogate((char) codePoint) && Character.charCount(codePoint) == 1) {
                throw HttpProblem.badRequest("name contains a lone surrogate at index " + i);
            }
            if (Character.getType(codePoint) == Character.CONTROL) {
                throw HttpProblem.badRequest("name contains the control character U+"
                        + String.format("%04X", codePoint) + " at index " + i);
            }
            i += Character.charCount(codePoint);
        }
        return name;
    }
}
