package dl.spec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one-line user documentation of a config key; read by the binder's errors and by `dl schema`.
 * On an interface method it documents that component of every record implementing the interface.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.TYPE, ElementType.METHOD})
public @interface Doc {
    String value();
}
