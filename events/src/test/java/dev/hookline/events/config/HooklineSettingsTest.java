package dev.hookline.events.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HooklineSettingsTest {

    @Test
    void aPublicBaseUrlIsKeptWithoutItsTrailingSlash() {
        assertThat(publicBaseUrl("https://hooks.example.com/")).contains("https://hooks.example.com");
        assertThat(publicBaseUrl("http://127.0.0.1:3000")).contains("http://127.0.0.1:3000");
        assertThat(publicBaseUrl("https://example.com/hookline//")).contains("https://example.com/hookline");
    }

    @Test
    void aBlankPublicBaseUrlMeansTheApisOwnAddress() {
        assertThat(publicBaseUrl(" ")).isEmpty();
        assertThat(HooklineSettings.from(Map.of()).publicBaseUrl()).isEmpty();
    }

    @Test
    void aPublicBaseUrlThatIsNotAWebAddressIsRefusedAtStartUp() {
        for (String bad : new String[] {"javascript://evil.example.com", "hooks.example.com", "https://",
                "https://user:pw@hooks.example.com", "https://hooks.example.com/?a=1", "https://h.example/#x"}) {
            assertThatThrownBy(() -> publicBaseUrl(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(HooklineSettings.PUBLIC_BASE_URL);
        }
    }

    @Test
    void aBodyLimitAboveWhatADynamoDbItemAndAnSqsMessageHoldIsRefusedAtStartUp() {
        assertThat(HooklineSettings.from(Map.of(HooklineSettings.MAX_BODY_BYTES, "393216")).maxBodyBytes())
                .isEqualTo(HooklineSettings.MAX_BODY_BYTES_LIMIT);
        assertThatThrownBy(() -> HooklineSettings.from(Map.of(HooklineSettings.MAX_BODY_BYTES, "393217")))
                .hasMessageContaining(HooklineSettings.MAX_BODY_BYTES).hasMessageContaining("393216");
    }

    private static Optional<String> publicBaseUrl(String value) {
        return HooklineSettings.from(Map.of(HooklineSettings.PUBLIC_BASE_URL, value)).publicBaseUrl();
    }
}
