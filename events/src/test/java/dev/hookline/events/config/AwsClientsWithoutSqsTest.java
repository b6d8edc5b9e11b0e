package dev.hookline.events.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The status functions' jar carries no SQS client (sqs is optional here): what their handlers' no-arg
 * constructors go through must build without it, in a class loader that has everything on the test classpath
 * but SQS.
 */
class AwsClientsWithoutSqsTest {

    private static final String SQS_PACKAGE = "software.amazon.awssdk.services.sqs.";

    @Test
    void theLambdaEnvironmentAndItsPrimingBuildWithoutTheSqsClient() throws Exception {
        try (URLClassLoader withoutSqs = new WithoutSqs(testClasspath())) {
            Class<?> functionEnvironment = withoutSqs.loadClass(FunctionEnvironment.class.getName());
            Class<?> priming = withoutSqs.loadClass(SnapStartPriming.class.getName());
            Class<?> queueCall = withoutSqs.loadClass(SnapStartPriming.QueueCall.class.getName());

            Object environment = functionEnvironment.getMethod("lambda").invoke(null);
            Object none = queueCall.getField(SnapStartPriming.QueueCall.NONE.name()).get(null);
            Object registered = priming.getMethod("register", functionEnvironment, queueCall,
                    SecureRandom[].class).invoke(null, environment, none,
                    new SecureRandom[0]);

            assertThat(registered).isSameAs(environment);
            assertThat(functionEnvironment.getClassLoader()).isSameAs(withoutSqs);
            assertThatThrownBy(() -> withoutSqs.loadClass(SQS_PACKAGE + "SqsClient"))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    /** Surefire runs tests from a manifest-only jar; it names the real classpath in this property. */
    private static URL[] testClasspath() throws MalformedURLException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls.toArray(URL[]::new);
    }

    /** Loads every class itself, from the test classpath, except SQS's, which it does not find. */
    private static final class WithoutSqs extends URLClassLoader {

        WithoutSqs(URL[] classpath) {
            super(classpath, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith(SQS_PACKAGE)) {
                throw new ClassNotFoundException(name);
            }
            return super.findClass(name);
        }
    }
}
