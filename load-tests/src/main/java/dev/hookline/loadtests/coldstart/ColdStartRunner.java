package dev.hookline.loadtests.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Runs one function the way Lambda's Java runtime does, in a JVM of its own whose classpath is the function's
 * jar and this class: loads the handler class, constructs it with its no-arg constructor (Lambda's init), reads
 * the event file into the handler's input type and invokes it once. Prints one line, {@value #PREFIX} followed
 * by the epoch microseconds at which the handler was constructed and the invocation returned, the invocation's
 * time and its answer, then exits without waiting for the handler's threads, as a frozen Lambda environment would.
 *
 * <p>It uses only the JDK and what every function jar holds (aws-lambda-java-core, Jackson), so it measures
 * jars of any commit. The event is read between init and invocation, outside both timings: on Lambda the
 * runtime deserializes it with a Jackson of its own.
 *
 * <p>Arguments: the handler class, the event file.
 */
public final class ColdStartRunner {

    public static final String PREFIX = "COLDSTART ";

    private ColdStartRunner() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> handlerClass = Class.forName(args[0]);
        RequestHandler<Object, Object> handler = handler(handlerClass);
        long constructedAt = epochMicros();

        ObjectMapper lambdaEvents = JsonMapper.builder()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        Object event = lambdaEvents.readValue(Files.readString(Path.of(args[1])),
                lambdaEvents.constructType(inputType(handlerClass)));
        Context context = context(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", handlerClass.getName()));

        long invokeStarted = System.nanoTime();
        Object answer = handler.handleRequest(event, context);
        long invokeMicros = (System.nanoTime() - invokeStarted) / 1_000;
        long invokedAt = epochMicros();

        System.out.println(PREFIX + constructedAt + " " + invokedAt + " " + invokeMicros + " "
                + lambdaEvents.writeValueAsString(answer));
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<Object, Object> handler(Class<?> handlerClass) throws ReflectiveOperationException {
        return (RequestHandler<Object, Object>) handlerClass.getConstructor().newInstance();
    }

    /** The {@code I} of the handler's {@code RequestHandler<I, O>}, as Lambda's runtime finds it. */
    private static Type inputType(Class<?> handlerClass) {
        for (Type implemented : handlerClass.getGenericInterfaces()) {
            if (implemented instanceof ParameterizedType generic && generic.getRawType() == RequestHandler.class) {
                return generic.getActualTypeArguments()[0];
            }
        }
        throw new IllegalArgumentException(handlerClass.getName() + " does not implement RequestHandler<I, O>");
    }

    /** A context as Lambda hands one: names, a request id, 60 seconds left and a logger writing to stderr. */
    private static Context context(String functionName) {
        LambdaLogger logger = (LambdaLogger) Proxy.newProxyInstance(ColdStartRunner.class.getClassLoader(),
                new Class<?>[] {LambdaLogger.class}, (proxy, method, arguments) -> {
                    if (arguments != null && arguments.length > 0) {
                        System.err.println(arguments[0] instanceof byte[] bytes ? new String(bytes) : arguments[0]);
                    }
                    return null;
                });
        return (Context) Proxy.newProxyInstance(ColdStartRunner.class.getClassLoader(),
                new Class<?>[] {Context.class}, (proxy, method, arguments) -> answer(method, functionName, logger));
    }

    private static Object answer(Method method, String functionName, LambdaLogger logger) {
        return switch (method.getName()) {
            case "getAwsRequestId" -> "coldstart-" + Long.toHexString(System.nanoTime());
            case "getFunctionName", "getLogStreamName" -> functionName;
            case "getLogGroupName" -> "/aws/lambda/" + functionName;
            case "getFunctionVersion" -> "$LATEST";
            case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
            case "getMemoryLimitInMB" -> Integer.parseInt(
                    System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"));
            case "getRemainingTimeInMillis" -> 60_000;
            case "getLogger" -> logger;
            case "hashCode" -> System.identityHashCode(functionName);
            case "equals" -> false;
            case "toString" -> "Context(" + functionName + ")";
            default -> null;
        };
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
