package io.tokenpress.codec.neural;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BitsBreakdownTest {
    @Test
    void theScannerNamesTheKeyOfEachValueAndDoesNotGuessInsideAPartialFirstLine() {
        String text = "ld\":\"x:y\",\"b\":1}\n{\"user\":\"a\\\"b,c\",\"n\":12}\n";
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        String[] keys = BitsBreakdown.jsonKeys(b);
        int line = text.indexOf('\n') + 1;
        for (int i = 0; i < line - 1; i++) {
            assertThat(keys[i]).isEqualTo("(partial line)");
        }
        // the value of "user", an escaped quote and a comma inside it included
        int value = text.indexOf("\"a\\\"b,c\"");
        for (int i = value; i < value + "\"a\\\"b,c\"".length(); i++) {
            assertThat(keys[i]).as("byte %d", i).isEqualTo("user");
        }
        assertThat(keys[text.indexOf("12")]).isEqualTo("n");
        assertThat(keys[text.indexOf("user")]).isEqualTo("(keys)");
    }
}
