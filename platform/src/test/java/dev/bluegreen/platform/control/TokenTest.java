package dev.bluegreen.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenTest {

    @TempDir
    Path dir;

    @Test
    void the_token_file_is_created_for_this_user_only_and_reused() throws Exception {
        Path file = dir.resolve("data/token");
        Token created = Token.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(created.reveal()).hasSize(64).matches("[0-9a-f]+");

        Token again = Token.loadOrCreate(file);
        assertThat(again.matches(created.reveal())).isTrue();
        assertThat(Token.read(file).matches(created.reveal())).isTrue();
    }

    @Test
    void only_the_exact_value_matches_and_it_is_never_shown() throws Exception {
        Token token = Token.loadOrCreate(dir.resolve("token"));
        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(token.reveal() + "x")).isFalse();
        assertThat(token.matches(token.reveal().toUpperCase())).isFalse();
        assertThat(token).hasToString("Token[hidden]");
        assertThat(token.toString()).doesNotContain(token.reveal());
    }

    @Test
    void a_token_file_others_may_read_is_refused_saying_how_to_make_it_private() throws Exception {
        Path file = dir.resolve("token");
        Token created = Token.loadOrCreate(file);
        for (String mode : new String[] {"rw-r--r--", "rw----r--", "rw-rw----"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            assertThatThrownBy(() -> Token.read(file)).as(mode).isInstanceOf(IOException.class)
                    .hasMessageContaining("may be read by other users (mode " + mode + ")")
                    .hasMessageContaining("chmod 600 " + file);
            assertThatThrownBy(() -> Token.loadOrCreate(file)).as(mode).isInstanceOf(IOException.class)
                    .hasMessageContaining("chmod 600");
        }
        assertThat(file).content().contains(created.reveal()); // refused, not replaced

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(Token.read(file).matches(created.reveal())).isTrue();
    }
}
