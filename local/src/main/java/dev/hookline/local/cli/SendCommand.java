package dev.hookline.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.json.Json;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.signature.SignatureScheme;
import dev.hookline.ingest.source.SourceConfig;
import dev.hookline.ingest.source.SourceConfigurationException;
import dev.hookline.ingest.source.Sources;
import dev.hookline.local.DemoSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hookline send}: posts a file as a webhook, signed the way the source's sender would sign it. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sign a file's bytes with the source's scheme and POST them to /webhooks/{source}; print the"
                + " execution token and its status URL.",
            "The scheme and secret come from --scheme/--secret, or from the source's entry in --sources FILE"
                    + " (the same file `hookline serve --sources` reads). The built-in 'demo' source needs neither."
                    + " The secret is never printed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_LINE + " The webhook was accepted (202), or was a duplicate of an accepted one.",
            "1:The gateway refused it (4xx/5xx); its JSON error is printed on stderr.",
            ExitCodes.USAGE_LINE, ExitCodes.UNREACHABLE_LINE})
public final class SendCommand implements Callable<Integer> {

    static final String SECRET_VARIABLE = "HOOKLINE_SECRET";

    @Spec
    private CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "NAME",
            description = "The source to post to: POST /webhooks/NAME.")
    private String source;

    @Option(names = "--file", required = true, paramLabel = "FILE",
            description = "The payload; its bytes are sent and signed exactly as they are ('-' reads stdin).")
    private String file;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "Signing secret (for standard-webhooks the whsec_ form). Default: $" + SECRET_VARIABLE
                    + ", else the source's first secret in --sources, else the demo secret for 'demo'.")
    private String secret;

    @Option(names = "--scheme", paramLabel = "SCHEME",
            description = "Signature scheme: " + SignedWebhook.SCHEME_NAMES + " (hmac-sha256 only via --sources)."
                    + " Default: the source's scheme in --sources, else github.")
    private String scheme;

    @Option(names = "--sources", paramLabel = "FILE", description = "Sources file (YAML or JSON) to take the source's"
            + " scheme and secret from.")
    private Path sources;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:3000",
            description = "Hookline's base URL. Default: ${DEFAULT-VALUE}.")
    private String url;

    @Option(names = "--delivery-id", paramLabel = "ID",
            description = "Delivery id (github, shopify, standard-webhooks); the same id twice is a duplicate."
                    + " Default: a random UUID.")
    private String deliveryId;

    @Option(names = "--event-type", paramLabel = "TYPE",
            description = "Event type header (github X-GitHub-Event, shopify X-Shopify-Topic). Default: none, so"
                    + " the payload's \"type\" is used.")
    private String eventType;

    @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "application/json",
            description = "Content-Type header. Default: ${DEFAULT-VALUE}.")
    private String contentType;

    @Option(names = "--json", description = "Print the gateway's JSON answer instead of text.")
    private boolean json;

    private final Clock clock;
    private final Map<String, String> environment;

    public SendCommand() {
        this(Clock.systemUTC(), System.getenv());
    }

    SendCommand(Clock clock, Map<String, String> environment) {
        this.clock = clock;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        return CommandFailures.run(spec, () -> {
            byte[] body = readPayload();
            Optional<SourceConfig> configured = configuredSource();
            SignatureScheme signatureScheme = signatureScheme(configured);
            Optional<Secret> key = secret(signatureScheme, configured);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", contentType);
            try {
                headers.putAll(SignedWebhook.headers(signatureScheme, key, body, Optional.ofNullable(deliveryId),
                        Optional.ofNullable(eventType), clock));
            } catch (IllegalArgumentException wrong) {
                throw new CommandFailures.UsageException(wrong.getMessage());
            }
            GatewayClient.Answer answer = new GatewayClient(url).postWebhook(source, headers, body);
            return print(answer);
        });
    }

    private int print(GatewayClient.Answer answer) {
        PrintWriter out = spec.commandLine().getOut();
        if (!answer.isSuccess()) {
            spec.commandLine().getErr().println("hookline: the gateway answered " + answer.status() + ": "
                    + answer.body().strip());
            return ExitCodes.FAILURE;
        }
        if (json) {
            out.println(answer.body().strip());
            return ExitCodes.OK;
        }
        JsonNode accepted = Json.tree(answer.body());
        out.println((accepted.path("duplicate").asBoolean(false) ? "duplicate of an accepted webhook" : "accepted")
                + " (" + answer.status() + ")");
        out.println("token       " + accepted.path("executionToken").asText("-"));
        out.println("status      " + accepted.path("status").asText("-"));
        out.println("status url  " + accepted.path("statusUrl").asText("-"));
        out.println("follow it with `hookline status " + accepted.path("executionToken").asText("TOKEN")
                + " --watch`");
        return ExitCodes.OK;
    }

    private byte[] readPayload() throws IOException {
        if (file.equals("-")) {
            return System.in.readAllBytes();
        }
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException missing) {
            throw new CommandFailures.UsageException("no such file: " + file);
        } catch (IOException unreadable) {
            throw new CommandFailures.UsageException("cannot read " + file + ": " + unreadable.getMessage());
        }
    }

    private Optional<SourceConfig> configuredSource() {
        if (sources == null) {
            return Optional.empty();
        }
        Sources parsed;
        try {
            parsed = Sources.fromFile(sources);
        } catch (SourceConfigurationException wrong) {
            throw new CommandFailures.UsageException(wrong.getMessage());
        }
        return Optional.of(parsed.find(source).orElseThrow(() -> new CommandFailures.UsageException(
                "no source named '" + source + "' in " + sources)));
    }

    private SignatureScheme signatureScheme(Optional<SourceConfig> configured) {
        if (scheme != null) {
            try {
                SignatureScheme named = SignedWebhook.scheme(scheme, clock);
                configured.filter(config -> !SignedWebhook.name(config.scheme()).equals(SignedWebhook.name(named)))
                        .ifPresent(config -> spec.commandLine().getErr().println("hookline: note: --scheme " + scheme
                                + " overrides the source's scheme " + SignedWebhook.name(config.scheme())));
                return named;
            } catch (IllegalArgumentException wrong) {
                throw new CommandFailures.UsageException(wrong.getMessage());
            }
        }
        return configured.map(SourceConfig::scheme).orElseGet(GitHubSignature::new);
    }

    private Optional<Secret> secret(SignatureScheme signatureScheme, Optional<SourceConfig> configured) {
        String given = secret != null ? secret : environment.get(SECRET_VARIABLE);
        if (given != null && !given.isEmpty()) {
            try {
                return Optional.of(SignedWebhook.secret(signatureScheme, given));
            } catch (IllegalArgumentException wrong) {
                throw new CommandFailures.UsageException("--secret: " + wrong.getMessage());
            }
        }
        Optional<Secret> fromFile = configured
                .filter(config -> SignedWebhook.name(config.scheme()).equals(SignedWebhook.name(signatureScheme)))
                .flatMap(config -> config.secrets().stream().findFirst());
        if (fromFile.isPresent()) {
            return fromFile;
        }
        if (configured.isEmpty() && source.equals(DemoSource.NAME) && signatureScheme instanceof GitHubSignature) {
            return Optional.of(Secret.ofUtf8(DemoSource.SECRET));
        }
        return Optional.empty();
    }
}
