package dl.spark;

import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Spark's own messages (and those of the libraries it brings) to a file of the run or study, never
 * to the console, where dl's progress lines are.
 */
final class SparkLogs implements AutoCloseable {
    private static final String APPENDER = "spark";
    private static final List<String> LOGGERS =
            List.of("org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty");

    private SparkLogs() {}

    /** From INFO on, as Spark's own default. */
    static SparkLogs to(Path file) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        Appender appender =
                FileAppender.newBuilder()
                        .setName(APPENDER)
                        .withFileName(file.toString())
                        .withAppend(true)
                        .setLayout(
                                PatternLayout.newBuilder()
                                        .withConfiguration(config)
                                        .withPattern(
                                                "%d{yyyy-MM-dd HH:mm:ss} %-5level %c{1} - %msg%n")
                                        .build())
                        .setConfiguration(config)
                        .build();
        appender.start();
        config.addAppender(appender);
        for (String name : LOGGERS) {
            LoggerConfig logger = new LoggerConfig(name, Level.INFO, false);
            logger.addAppender(appender, null, null);
            config.addLogger(name, logger);
        }
        ctx.updateLoggers();
        return new SparkLogs();
    }

    /** From {@code level} on only, from now. */
    void level(Level level) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        for (String name : LOGGERS) ctx.getConfiguration().getLoggerConfig(name).setLevel(level);
        ctx.updateLoggers();
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        for (String name : LOGGERS) config.removeLogger(name);
        Appender appender = config.getAppenders().get(APPENDER);
        if (appender != null) {
            config.getAppenders().remove(APPENDER);
            appender.stop();
        }
        ctx.updateLoggers();
    }
}
