package dev.hookline.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionGuardTest {

    private static final Set<String> OWN = Set.of("http://127.0.0.1:3001", "http://localhost:3001");
    private final SessionGuard guard = new SessionGuard();

    @Test
    void theConsolesOwnPageEchoingItsSessionMayReplay() {
        String session = guard.issue();

        assertThat(guard.refusal(Optional.of("http://localhost:3001"), OWN, Optional.of(session),
                Optional.of(session))).isEmpty();
    }

    @Test
    void anotherOriginIsRefusedEvenWithTheSession() {
        String session = guard.issue();

        assertThat(guard.refusal(Optional.of("http://127.0.0.1:3002"), OWN, Optional.of(session),
                Optional.of(session))).hasValueSatisfying(why -> assertThat(why).contains("console's own page"));
        assertThat(guard.refusal(Optional.empty(), OWN, Optional.of(session), Optional.of(session))).isPresent();
    }

    @Test
    void aCookieWithoutTheMatchingHeaderIsRefused() {
        String session = guard.issue();

        assertThat(guard.refusal(Optional.of("http://127.0.0.1:3001"), OWN, Optional.of(session), Optional.empty()))
                .hasValueSatisfying(why -> assertThat(why).contains("reload the page"));
        assertThat(guard.refusal(Optional.of("http://127.0.0.1:3001"), OWN, Optional.of(session),
                Optional.of(guard.issue()))).isPresent();
    }

    @Test
    void aSessionTheConsoleNeverIssuedIsRefused() {
        assertThat(guard.refusal(Optional.of("http://127.0.0.1:3001"), OWN, Optional.of("made-up"),
                Optional.of("made-up"))).isPresent();
    }

    @Test
    void theSessionCookieIsSameSiteStrict() {
        assertThat(SessionGuard.cookieHeader(3001, "value"))
                .isEqualTo("hookline_console_session_3001=value; Path=/; SameSite=Strict");
    }
}
