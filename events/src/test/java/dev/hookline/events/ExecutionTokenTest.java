package dev.hookline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ExecutionTokenTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void issuedTokenIs44UrlSafeCharacters() {
        ExecutionToken token = ExecutionToken.issue("github:delivery-1", RANDOM);

        assertThat(token.value()).hasSize(44).matches("[A-Za-z0-9_-]{44}");
        assertThat(token.recordId()).hasSize(22);
        assertThat(token.secret()).hasSize(22);
        assertThat(token.value()).isEqualTo(token.recordId() + token.secret());
    }

    @Test
    void sameIdempotencyKeyGivesSameRecordIdButFreshSecret() {
        ExecutionToken first = ExecutionToken.issue("github:delivery-1", RANDOM);
        ExecutionToken second = ExecutionToken.issue("github:delivery-1", RANDOM);

        assertThat(second.recordId()).isEqualTo(first.recordId())
                .isEqualTo(ExecutionToken.recordIdFor("github:delivery-1"));
        assertThat(second.secret()).isNotEqualTo(first.secret());
    }

    @Test
    void differentIdempotencyKeysGiveDifferentRecordIds() {
        assertThat(ExecutionToken.issue("github:delivery-1", RANDOM).recordId())
                .isNotEqualTo(ExecutionToken.issue("github:delivery-2", RANDOM).recordId());
    }

    @Test
    void recordIdIsTheTruncatedSha256OfTheKey() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223...; first 16 bytes, base64url without padding
        assertThat(ExecutionToken.recordIdFor("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iIw");
    }

    @Test
    void parseRoundTripsAnIssuedToken() {
        ExecutionToken token = ExecutionToken.issue("demo:42", RANDOM);

        assertThat(ExecutionToken.parse(token.value())).contains(token);
    }

    @Test
    void parseRejectsNull() {
        assertThat(ExecutionToken.parse(null)).isEmpty();
    }

    @Test
    void parseRejectsWrongLength() {
        String valid = ExecutionToken.issue("demo:42", RANDOM).value();

        assertThat(ExecutionToken.parse("")).isEmpty();
        assertThat(ExecutionToken.parse(valid.substring(1))).isEmpty();
        assertThat(ExecutionToken.parse(valid + "A")).isEmpty();
    }

    @Test
    void parseRejectsCharactersOutsideBase64Url() {
        String valid = ExecutionToken.issue("demo:42", RANDOM).value();

        assertThat(ExecutionToken.parse("+" + valid.substring(1))).isEmpty();
        assertThat(ExecutionToken.parse(valid.substring(0, 43) + "/")).isEmpty();
        assertThat(ExecutionToken.parse(valid.substring(0, 22) + "=" + valid.substring(23))).isEmpty();
        assertThat(ExecutionToken.parse(valid.substring(0, 10) + " " + valid.substring(11))).isEmpty();
    }

    @Test
    void matchesOnlyTheIdenticalToken() {
        ExecutionToken token = ExecutionToken.issue("demo:42", RANDOM);
        ExecutionToken sameRecordOtherSecret = ExecutionToken.issue("demo:42", RANDOM);
        ExecutionToken otherRecord = ExecutionToken.issue("demo:43", RANDOM);

        assertThat(token.matches(ExecutionToken.parse(token.value()).orElseThrow())).isTrue();
        assertThat(token.matches(sameRecordOtherSecret)).isFalse();
        assertThat(token.matches(new ExecutionToken(otherRecord.recordId(), token.secret()))).isFalse();
    }

    @Test
    void whatIsPrintedOfATokenNeverCarriesItsSecret() {
        ExecutionToken token = ExecutionToken.issue("demo:print", RANDOM);

        assertThat(token.toString()).startsWith(token.recordId()).doesNotContain(token.secret());
        assertThat("token " + token).doesNotContain(token.secret());
    }
}
