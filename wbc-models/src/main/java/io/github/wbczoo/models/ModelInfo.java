package io.github.wbczoo.models;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A registry entry as {@code ./wbc models} lists it.
 *
 * <p>Usage: {@code WbcModels.info().forEach(i -> System.out.println(i.name() + " " + i.trainableParams()));}
 *
 * @param name            registry name, e.g. {@code myCnn.v9}
 * @param paper           the paper it comes from, e.g. {@code Chen & Zhu}
 * @param inputHeight     recipe input height
 * @param inputWidth      recipe input width
 * @param trainableParams trainable parameters (Keras/PyTorch counting) at the recipe's input size
 * @param recipe          one-line recipe summary
 * @param pretrained      whether trained weights are on the class path ({@link WbcModels#pretrained})
 */
public record ModelInfo(@JsonProperty("name") String name,
                        @JsonProperty("paper") String paper,
                        @JsonProperty("inputHeight") int inputHeight,
                        @JsonProperty("inputWidth") int inputWidth,
                        @JsonProperty("trainableParams") long trainableParams,
                        @JsonProperty("recipe") String recipe,
                        @JsonProperty("pretrained") boolean pretrained) {
}
