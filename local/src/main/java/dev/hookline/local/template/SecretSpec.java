package dev.hookline.local.template;

/**
 * A Secrets Manager secret the template creates. The local runtime creates none (functions read their
 * sources from a file); this is for checking what a deployment would store.
 *
 * @param secretString its {@code SecretString} as the template gives it, or {@code null} when it has
 *     none (a generated one, say)
 */
public record SecretSpec(String logicalId, String secretString) {
}
