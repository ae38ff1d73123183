package io.github.wbczoo.reproduce;

import java.util.List;
import java.util.stream.IntStream;

/**
 * One share of a paper's experiments, so a grid can run on many machines (a Slurm array, a
 * Kubernetes indexed job, one Spark task each): shard {@code k} of {@code n} runs the experiments
 * whose position in the paper's declared order is {@code k - 1} modulo {@code n}. The position is
 * the experiment's id here: deterministic, the same on every machine, and balanced to within one.
 * {@link ReproductionTable#merge} combines the shards' tables.
 *
 * <p>Usage: {@code runner.run(paper, data, out, Shard.parse("2/3"));}
 *
 * @param index 1-based shard number
 * @param count number of shards
 */
public record Shard(int index, int count) {
    /** The whole grid in one run. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("--shard must be K/N with 1 <= K <= N, got " + index + "/" + count);
        }
    }

    /** {@code K/N}, e.g. {@code 2/3}. */
    public static Shard parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--shard must be K/N with 1 <= K <= N (e.g. 2/3), got '" + text + "'");
    }

    /** Whether the experiment at this 0-based position of the paper's list is in this shard. */
    public boolean includes(int position) {
        return position % count == index - 1;
    }

    /** This shard's experiments of a paper, in the paper's order. */
    public List<Experiment> of(PaperReproduction paper) {
        List<Experiment> all = paper.experiments();
        return IntStream.range(0, all.size()).filter(this::includes).mapToObj(all::get).toList();
    }

    public boolean isAll() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
