package io.tuneline.embedded;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the chatty INFO logging of the embedded servers down to WARN for java.util.logging based backends
 * (JBoss LogManager in Quarkus tests). The slf4j-simple backend of the standalone processes reads
 * {@code simplelogger.properties} instead.
 */
public final class LogLevels {

    // java.util.logging holds loggers weakly: a level set on a collected logger would be forgotten.
    private static final Set<Logger> QUIETED = ConcurrentHashMap.newKeySet();

    private LogLevels() {
    }

    public static void warnOnly(String... categories) {
        for (String category : categories) {
            Logger logger = Logger.getLogger(category);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
        }
    }
}
