package dl.run;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Log set-up: `-v` lets library messages through; a run's train.log receives everything dl and the
 * libraries say.
 */
public final class Logs {
    private static final String RUN_APPENDER = "run";

    /** A logger whose messages reach the run's train.log only, never the console. */
    public static final String FILE_ONLY = "dl.progress.file";

    private static final String[] LOGGERS = {"dl", FILE_ONLY, ""};

    private Logs() {}

    private static boolean verbose;

    public static void verbose(boolean on) {
        verbose = on;
        if (on) Configurator.setRootLevel(Level.INFO);
    }

    /** With `-v`, failures show their stack trace too. */
    public static boolean isVerbose() {
        return verbose;
    }

    public static void attachRunLog(Path file) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        detach(config);
        PatternLayout layout =
                PatternLayout.newBuilder()
                        .withConfiguration(config)
                        .withPattern("%d{yyyy-MM-dd HH:mm:ss} %-5level %c{1} - %msg%n")
                        .build();
        Appender appender =
                FileAppender.newBuilder()
                        .setName(RUN_APPENDER)
                        .withFileName(file.toString())
                        .withAppend(true)
                        .setLayout(layout)
                        .setConfiguration(config)
                        .build();
        appender.start();
        config.addAppender(appender);
        for (String name : LOGGERS)
            config.getLoggerConfig(name).addAppender(appender, Level.INFO, null);
        ctx.updateLoggers();
    }

    public static void detachRunLog() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        detach(ctx.getConfiguration());
        ctx.updateLoggers();
    }

    private static void detach(Configuration config) {
        for (String name : LOGGERS) {
            LoggerConfig lc = config.getLoggerConfig(name);
            lc.removeAppender(RUN_APPENDER);
        }
        Appender old = config.getAppenders().get(RUN_APPENDER);
        if (old != null) old.stop();
    }
}
