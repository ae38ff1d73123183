package io.github.wbczoo.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wbczoo.core.ClassSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a classified table holds, in one aggregation over it: images, how many could not be read,
 * counts per predicted class, mean confidence, and the share of classified images whose
 * confidence is below a threshold (the ones a person should look at).
 *
 * <p>Usage: {@code ClassificationSummary s = ClassificationSummary.of(WbcSpark.classify(...), model.classes(), 0.5); System.out.println(s.toText());}
 *
 * @param images              rows in the table
 * @param classified          rows with a prediction
 * @param errors              rows with an error (unreadable images)
 * @param perClass            classified rows per predicted class, in class order (zeros included)
 * @param meanConfidence      mean probability of the predicted class over the classified rows (NaN when none)
 * @param threshold           the confidence threshold
 * @param belowThreshold      classified rows whose confidence is below {@code threshold}
 * @param belowThresholdShare {@code belowThreshold / classified} (NaN when none)
 */
public record ClassificationSummary(
        @JsonProperty("images") long images,
        @JsonProperty("classified") long classified,
        @JsonProperty("errors") long errors,
        @JsonProperty("perClass") Map<String, Long> perClass,
        @JsonProperty("meanConfidence") double meanConfidence,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("belowThreshold") long belowThreshold,
        @JsonProperty("belowThresholdShare") double belowThresholdShare) {

    /** The threshold {@code ./wbc spark-classify} uses unless told otherwise. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    /** Summarises a table with {@link WbcSpark#outputSchema}'s columns (one Spark job, a handful of rows back). */
    public static ClassificationSummary of(Dataset<Row> table, ClassSet classes, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("The confidence threshold must be between 0 and 1, got " + threshold);
        }
        var conf = col(WbcSpark.CONFIDENCE);
        java.util.List<Row> groups = table.groupBy(col(WbcSpark.PREDICTED))
                .agg(count(lit(1)).as("n"), sum(conf).as("confidenceSum"),
                        sum(when(conf.lt(threshold), 1).otherwise(0)).as("below"))
                .collectAsList();
        Map<String, Long> perClass = new LinkedHashMap<>();
        classes.names().forEach(c -> perClass.put(c, 0L));
        long images = 0;
        long errors = 0;
        long below = 0;
        double confidenceSum = 0;
        for (Row g : groups) {
            long n = g.getLong(1);
            images += n;
            String predicted = g.getString(0);
            if (predicted == null) {
                errors += n;
            } else {
                perClass.put(predicted, n);
                confidenceSum += g.getDouble(2);
                below += g.getLong(3);
            }
        }
        long classified = images - errors;
        return new ClassificationSummary(images, classified, errors, perClass,
                classified == 0 ? Double.NaN : confidenceSum / classified, threshold, below,
                classified == 0 ? Double.NaN : (double) below / classified);
    }

    /** A few lines for a console: counts and shares per class, confidence, errors. */
    public String toText() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%,d images: %,d classified, %,d could not be read%n",
                images, classified, errors));
        perClass.forEach((c, n) -> s.append(String.format(Locale.ROOT, "  %-11s %,9d  %5.1f%%%n", c, n,
                classified == 0 ? 0.0 : 100.0 * n / classified)));
        s.append(String.format(Locale.ROOT, "mean confidence %.3f; %,d (%.1f%%) below %.2f%n", meanConfidence, belowThreshold,
                classified == 0 ? 0.0 : 100 * belowThresholdShare, threshold));
        return s.toString();
    }
}
