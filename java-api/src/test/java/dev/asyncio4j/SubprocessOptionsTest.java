package dev.asyncio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/design.md, "I/O on the loop" SubprocessOptions: asyncio's defaults, immutable copies, bad input thrown at once. */
class SubprocessOptionsTest {

    @Test
    void defaultsInheritEveryStreamWithA64KiBLimit() {
        SubprocessOptions d = SubprocessOptions.defaults();
        assertEquals(Stdio.INHERIT, d.stdin());
        assertEquals(Stdio.INHERIT, d.stdout());
        assertEquals(Stdio.INHERIT, d.stderr());
        assertEquals(65_536, d.limit());
        assertNull(d.cwd());
        assertNull(d.env());
    }

    @Test
    void settersReturnCopiesAndLeaveTheOriginalAsItWas() {
        SubprocessOptions d = SubprocessOptions.defaults();
        SubprocessOptions piped = d.stdin(Stdio.PIPE).stdout(Stdio.DEVNULL).stderr(Stdio.STDOUT).limit(10)
                .cwd(Path.of("/tmp")).env(Map.of("A", "1"));
        assertEquals(Stdio.PIPE, piped.stdin());
        assertEquals(Stdio.DEVNULL, piped.stdout());
        assertEquals(Stdio.STDOUT, piped.stderr());
        assertEquals(10, piped.limit());
        assertEquals(Path.of("/tmp"), piped.cwd());
        assertEquals(Map.of("A", "1"), piped.env());
        assertSame(d, SubprocessOptions.defaults());
        assertEquals(Stdio.INHERIT, d.stdin());
        assertEquals(65_536, d.limit());
        assertNull(d.env());
    }

    @Test
    void envIsCopiedSoLaterChangesToTheMapDoNotLeakIn() {
        Map<String, String> env = new HashMap<>(Map.of("A", "1"));
        SubprocessOptions o = SubprocessOptions.defaults().env(env);
        env.put("B", "2");
        assertEquals(Map.of("A", "1"), o.env());
    }

    @Test
    void badInputThrowsAtOnce() {
        SubprocessOptions d = SubprocessOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.limit(0));
        assertThrows(IllegalArgumentException.class, () -> d.limit(-1));
        assertThrows(NullPointerException.class, () -> d.stdin(null));
        assertThrows(NullPointerException.class, () -> d.stdout(null));
        assertThrows(NullPointerException.class, () -> d.stderr(null));
        assertThrows(NullPointerException.class, () -> d.cwd(null));
        assertThrows(NullPointerException.class, () -> d.env(null));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("A", null);
        assertThrows(NullPointerException.class, () -> d.env(nullValue));
    }

    @Test
    void stdoutAsADestinationIsForStderrOnly() {
        SubprocessOptions d = SubprocessOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.stdin(Stdio.STDOUT));
        assertThrows(IllegalArgumentException.class, () -> d.stdout(Stdio.STDOUT));
        assertEquals(Stdio.STDOUT, d.stderr(Stdio.STDOUT).stderr());
    }
}
