package dev.hookline.events.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
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

    private static java.util.Optional<String> publicBaseUrl(String value) {
        return HooklineSettings.from(Map.of(HooklineSettings.PUBLIC_BASE_URL, value)).publicBaseUrl();
    }
}
