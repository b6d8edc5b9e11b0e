package dev.hookline.processor.action;

/**
 * A forward the target accepted.
 *
 * @param status the target's 2xx status code
 * @param elapsedMillis how long the request took, from sending to the response's status line and body
 */
public record ForwardResult(int status, long elapsedMillis) {
}
