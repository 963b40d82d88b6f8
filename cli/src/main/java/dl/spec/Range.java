package dl.spec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Allowed numeric range of a config key, checked by the binder and published in the JSON Schema.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Range {
    double min() default Double.NEGATIVE_INFINITY;

    double max() default Double.POSITIVE_INFINITY;

    /**
     * True when {@link #min()} itself is not allowed (a learning rate must be strictly positive).
     */
    boolean minExclusive() default false;

    /**
     * True when {@link #max()} itself is not allowed (a moving-average β of 1 never forgets: [0,
     * 1)).
     */
    boolean maxExclusive() default false;
}
