package io.tokenpress.codec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteCorpusTest {

    @Test
    void globsAndExclusionsSelectFiles(@TempDir Path dir) throws Exception {
        for (String n : List.of("a.log", "b.log", "held-out.log", "c.txt")) {
            Files.writeString(dir.resolve(n), n + "\n");
        }
        List<Path> paths = ByteCorpus.resolve(dir.resolve("*.log") + ",!" + dir.resolve("held-out.log") + "," + dir.resolve("c.txt"));
        assertThat(paths).extracting(p -> p.getFileName().toString()).containsExactly("a.log", "b.log", "c.txt");
        assertThatThrownBy(() -> ByteCorpus.read(dir.resolve("missing.txt").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.txt");
        assertThatThrownBy(() -> ByteCorpus.read(dir.resolve("*.json").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no data file matches");
    }

    @Test
    void samplesStartAtRecordBoundaries() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("record ").append(i).append('\n');
        }
        byte[] doc = sb.toString().getBytes(StandardCharsets.US_ASCII);
        ByteCorpus corpus = ByteCorpus.of(doc);
        Random rnd = new Random(1);
        for (int i = 0; i < 50; i++) {
            byte[] s = corpus.sample(rnd, 100);
            assertThat(s).hasSize(100);
            assertThat(new String(s, StandardCharsets.US_ASCII)).startsWith("record ");
        }
    }

    @Test
    void copySequencesRepeatFragmentsOfTheData() {
        byte[] text = new byte[50_000];
        Random data = new Random(7);
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + data.nextInt(26)); // random letters: any repeat comes from the recombination
        }
        ByteCorpus corpus = ByteCorpus.of(new byte[0], text);
        Random rnd = new Random(3);
        for (int i = 0; i < 20; i++) {
            byte[] s = corpus.copySequence(rnd, 1024);
            assertThat(s).hasSize(1024);
            String seq = new String(s, StandardCharsets.US_ASCII);
            // most 8-byte windows repeat one seen earlier in the same sequence: it can be coded by copying
            int repeated = 0;
            int windows = 0;
            for (int p = 512; p + 8 <= s.length; p += 4) {
                windows++;
                if (seq.substring(0, p).contains(seq.substring(p, p + 8))) {
                    repeated++;
                }
            }
            assertThat(repeated).isGreaterThan(windows * 6 / 10);
            // and every byte comes from the data (letters only; the empty file is never used)
            assertThat(seq).matches("[a-z]+");
        }
        // a plain sample of the same data has no such repeats
        byte[] plain = corpus.sample(new Random(3), 1024);
        while (plain.length == 0) {
            plain = corpus.sample(rnd, 1024);
        }
        String p = new String(plain, StandardCharsets.US_ASCII);
        assertThat(p.substring(0, 900)).doesNotContain(p.substring(900, 908));
        assertThatThrownBy(() -> ByteCorpus.of(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no training data");
    }

    @Test
    void evenChunksCutLikeTheCodec() {
        byte[] doc = new byte[1000];
        for (int i = 0; i < doc.length; i++) {
            doc[i] = (byte) i;
        }
        List<byte[]> all = ByteCorpus.of(doc).evenChunks(300, 10);
        assertThat(all).hasSize(4);
        assertThat(all.get(3)).hasSize(100);
        assertThat(all.get(1)[0]).isEqualTo((byte) 300);
        assertThat(ByteCorpus.of(doc).evenChunks(100, 5)).hasSize(5);
    }
}
