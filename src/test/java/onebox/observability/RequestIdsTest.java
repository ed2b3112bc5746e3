package onebox.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc-123", "0f8fad5b-d9cb-469f-a165-70867728950e", "~!@#$%^&*()_+{}|:<>?"})
    void shortPrintableIdsAreKept(String id) {
        assertEquals(id, RequestIds.acceptOrGenerate(id));
    }

    @Test
    void anIdOf128CharactersIsKeptAndOf129Replaced() {
        assertEquals("a".repeat(128), RequestIds.acceptOrGenerate("a".repeat(128)));
        assertNotEquals("a".repeat(129), RequestIds.acceptOrGenerate("a".repeat(129)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "line\nbreak", "tab\there", "with space", "caf\u00e9", "\u0000"})
    void emptyOrNonPrintableIdsAreReplaced(String id) {
        String replaced = RequestIds.acceptOrGenerate(id);
        assertNotEquals(id, replaced);
        assertTrue(replaced.matches("[0-9a-f]{32}"), replaced);
    }

    @Test
    void missingIdIsGeneratedFreshEachTime() {
        assertNotEquals(RequestIds.acceptOrGenerate(null), RequestIds.acceptOrGenerate(null));
    }
}
