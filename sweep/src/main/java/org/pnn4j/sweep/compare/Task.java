package org.pnn4j.sweep.compare;

import java.util.Objects;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Locations;
import org.pnn4j.data.Split;
import org.pnn4j.data.Vowels;

/**
 * The classification task every method is compared on.
 *
 * @param name     in words
 * @param train    training set
 * @param test     test set (the accuracies of the table)
 * @param features input features per sample
 * @param classes  classes
 */
public record Task(String name, Dataset train, Dataset test, int features, int classes) {
    /** Classes of the vowel task (chance: 1/7 = 14.3%). */
    public static final int VOWEL_CLASSES = 7;
    private static volatile Task vowels;

    /** Validates the fields. */
    public Task {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }

    /**
     * The vowels of the physics-aware training paper (12 formant features, 7 classes; its 210/49 split, as
     * {@code ./pnn4j reproduce methods}), read once per JVM from {@code shared/datasets/vowels/vowdata.dat}.
     *
     * @throws IllegalArgumentException if the data cannot be found or read (the message says where it looked)
     */
    public static Task vowels() {
        Task t = vowels;
        if (t == null) {
            synchronized (Task.class) {
                if (vowels == null) {
                    Split s = Vowels.patSplit(Locations.sharedDataset("vowels/vowdata.dat"));
                    vowels = new Task("vowels", s.train(), s.test(), s.train().numFeatures(), VOWEL_CLASSES);
                }
                t = vowels;
            }
        }
        return t;
    }
}
