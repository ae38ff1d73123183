/**
 * The BCCD white blood cell images for training and evaluation on DL4J.
 *
 * <ul>
 *   <li>{@link io.github.wbczoo.data.CellImageDataset}: open and check the Kaggle {@code dataset2-master}
 *       layout, split it as each paper did ({@link io.github.wbczoo.data.SplitPlan}), fit
 *       normalisation statistics on the training part, and make iterators; implements the core
 *       {@code WbcDataSource}.</li>
 *   <li>{@link io.github.wbczoo.data.BccdIterator}: batches in a model's {@code DataConfig}, shuffled
 *       and augmented per epoch for training, fixed order for evaluation, every row naming its file
 *       ({@link io.github.wbczoo.data.LabeledImage} metadata), built ahead on worker threads.</li>
 *   <li>{@link io.github.wbczoo.data.PixelCache}, {@link io.github.wbczoo.data.DiskCache}: decode
 *       once with the core {@link io.github.wbczoo.core.ImageDecoder} (PIL's RGB view of JPEG, CMYK,
 *       PNG, grey; the decoder prediction uses too), resize with the core resizer, keep the 8-bit
 *       pixels in memory and optionally on disk.</li>
 *   <li>{@link io.github.wbczoo.data.Augmenter}: Keras {@code ImageDataGenerator} rotation, shifts,
 *       flips and fill modes.</li>
 *   <li>{@link io.github.wbczoo.data.DataLocator}, {@link io.github.wbczoo.data.ContactSheet},
 *       {@link io.github.wbczoo.data.DataCheckReport}: what the {@code ./wbc data} commands use.</li>
 * </ul>
 *
 * <p>Usage: {@code TrainingData d = BccdDataset.open(DataLocator.locate(null)).trainingData(request);}
 */
package io.github.wbczoo.data;
