package io.github.wbczoo.models;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trainable parameter counts (Keras/PyTorch counting) of every registered model at its recipe's
 * input size, worked out by hand from {@code docs/architectures.md}, never copied from the code's output.
 * A registered name without an entry here fails {@code RegistryTest}: pin its count when you add it.
 *
 * <p>Notation: conv(i,o,kh,kw) = i*o*kh*kw + o (bias), conv without bias = i*o*kh*kw,
 * dense(i,o) = i*o + o, bn(c) = 2c (gamma, beta).
 *
 * <p>Usage: {@code long n = ExpectedParams.of("myCnn.v9");}
 */
final class ExpectedParams {
    private static final Map<String, Long> COUNTS = new LinkedHashMap<>();

    static {
        // ---- Chen & Zhu ----
        // resNet18: torchvision's ResNet-18 has 11,689,512 parameters with its 1000-way fc (512*1000+1000 = 513,000),
        // so 11,176,512 without it; the 4-way fc adds dense(512,4) = 2,052. Built up:
        //   stem: conv 3*64*49 = 9,408 + bn 128 = 9,536
        //   stage1: 2 blocks x (2 x (64*64*9 = 36,864 + bn 128)) = 147,968
        //   stage2: block1 128*64*9 + 128*128*9 + 4 bn(128) + shortcut 64*128 + bn(128) = 73,728 + 147,456 + 512 + 8,192 + 256
        //           = 230,144; block2 2 x (147,456 + 256) = 295,424 -> 525,568
        //   stage3: 294,912 + 589,824 + 1,024 + 32,768 + 512 = 919,040; + 2 x (589,824 + 512) = 1,180,672 -> 2,099,712
        //   stage4: 1,179,648 + 2,359,296 + 2,048 + 131,072 + 1,024 = 3,673,088; + 2 x (2,359,296 + 1,024) = 4,720,640 -> 8,393,728
        //   9,536 + 147,968 + 525,568 + 2,099,712 + 8,393,728 + 2,052 = 11,178,564
        COUNTS.put("resNet18", 11_178_564L);

        // myCnn at 240x320. A stage: conv s2 -> pool halves twice: 240x320 -> 60x80 -> 15x20 -> 4x5 -> 1x1 (8x10 -> 4x5, 2x3 -> 1x1).
        // Per width w (input c): stage conv(c,w,3,3) = 9cw + w; a square block conv(w,w,3,3) = 9w^2 + w.
        //   w=8:  stage(3)=224;   block conv=584      w=16: stage(3)=448;  block conv=2,320
        //   w=32: stage(16)=4,640; block conv=9,248   w=64: stage(32)=18,496; block conv=36,928
        //   w=128: stage(64)=73,856; block conv=147,584
        // v0: 448 + 2*2,320 + 4,640 + 2*9,248 + 18,496 + 2*36,928 = 120,576; flatten 64*4*5 = 1,280;
        //     dense(1280,128) = 163,968; dense(128,4) = 516 -> 285,060 (the paper's figure)
        COUNTS.put("myCnn.v0", 285_060L);
        // v1 16-64-256: 448 + 2*2,320 + (16*64*9+64 = 9,280) + 2*36,928 + (64*256*9+256 = 147,712) + 2*(256*256*9+256 = 590,080)
        //     = 1,416,096; flatten 256*4*5 = 5,120; dense(5120,128) = 655,488; + 516 -> 2,072,100
        COUNTS.put("myCnn.v1", 2_072_100L);
        // v2 8-16-32: 224 + 2*584 + (8*16*9+16 = 1,168) + 2*2,320 + (16*32*9+32 = 4,640) + 2*9,248 = 30,336;
        //     flatten 32*4*5 = 640; dense(640,128) = 82,048; +516 -> 112,900
        COUNTS.put("myCnn.v2", 112_900L);
        // Four stages 16-32-64-128 with k=2: 120,576 (v0's convs) + 73,856 + 2*147,584 = 489,600; flatten 128*1*1 = 128.
        // v3: + dense(128,128) 16,512 + dense(128,4) 516 = 506,628
        COUNTS.put("myCnn.v3", 506_628L);
        // v4: + dense(128,512) 66,048 + dense(512,4) 2,052 = 557,700
        COUNTS.put("myCnn.v4", 557_700L);
        // v5: + dense(128,256) 33,024 + dense(256,4) 1,028 = 523,652
        COUNTS.put("myCnn.v5", 523_652L);
        // v6: + dense(128,64) 8,256 + dense(64,4) 260 = 498,116
        COUNTS.put("myCnn.v6", 498_116L);
        // v7: + dense(128,1024) 132,096 + dense(1024,4) 4,100 = 625,796
        COUNTS.put("myCnn.v7", 625_796L);
        // v8 8-16-64-512: 224 + 2*584 + (8*16*9+16 = 1,168) + 2*2,320 + 9,280 + 2*36,928 + (64*512*9+512 = 295,424)
        //     + 2*(512*512*9+512 = 2,359,808) = 5,105,376; flatten 512; dense(512,128) 65,664 + 516 -> 5,171,556
        COUNTS.put("myCnn.v8", 5_171_556L);
        // v9: k=3 adds one more block conv per stage: 489,600 + 2,320 + 9,248 + 36,928 + 147,584 = 685,680;
        //     + 66,048 + 2,052 -> 753,780 (the paper's figure)
        COUNTS.put("myCnn.v9", 753_780L);
        // v10: v4 with stage-1 block convs 1x3 and 3x1: each 16*16*3+16 = 784 instead of 2,320: 557,700 - 2*1,536 = 554,628
        COUNTS.put("myCnn.v10", 554_628L);
        // v11: k=4: 753,780 + 2,320 + 9,248 + 36,928 + 147,584 = 949,860
        COUNTS.put("myCnn.v11", 949_860L);
        // v12: v4 with stage-1 block 1x3, 3x3, 3x1: 557,700 - 2*2,320 + 784 + 2,320 + 784 = 556,948
        COUNTS.put("myCnn.v12", 556_948L);
        // v13: v4 with stage-1 block convs as ACBs (3x3 + 1x3 + 3x1, each with bias): each 2,320 + 784 + 784 = 3,888;
        //      557,700 + 2*(3,888 - 2,320) = 560,836
        COUNTS.put("myCnn.v13", 560_836L);
        // v14: v4 + bn after the four stage convs: 2*(16+32+64+128) = 480 -> 558,180
        COUNTS.put("myCnn.v14", 558_180L);
        // v15: v4 + bn after every conv: 480 + 2 block convs x 480 = 1,440 -> 559,140
        COUNTS.put("myCnn.v15", 559_140L);
        // v16: v4 + bn after every block conv: 960 -> 558,660
        COUNTS.put("myCnn.v16", 558_660L);
        // v17/v18/v19: v4/v9/v13 plus dropout, which has no parameters
        COUNTS.put("myCnn.v17", 557_700L);
        COUNTS.put("myCnn.v18", 753_780L);
        COUNTS.put("myCnn.v19", 560_836L);
        // v20 16-64: 448 + 2*2,320 + 9,280 + 2*36,928 = 88,224; flatten 64*15*20 = 19,200;
        //     dense(19200,1024) = 19,661,824; dense(1024,4) = 4,100 -> 19,754,148
        COUNTS.put("myCnn.v20", 19_754_148L);

        // autoencoder at 240x320x3 = 230,400 inputs. Encoder layers a->b and their decoder mirrors b->a: (ab + b) + (ba + a).
        // v1 230400-1024-128: dense(230400,1024) 235,930,624 + dense(1024,128) 131,200 + dense(128,1024) 132,096
        //     + dense(1024,230400) 236,160,000 + head dense(128,4) 516 = 472,354,436
        COUNTS.put("autoencoder.v1", 472_354_436L);
        // original 230400-128-1024: 29,491,328 + 132,096 + 131,200 + 29,721,600 + head dense(1024,4) 4,100 = 59,480,324
        COUNTS.put("autoencoder.original", 59_480_324L);
        // v2 230400-1024: 235,930,624 + 236,160,000 + 4,100 = 472,094,724
        COUNTS.put("autoencoder.v2", 472_094_724L);
        // v3 230400-128: 29,491,328 + 29,721,600 + 516 = 59,213,444
        COUNTS.put("autoencoder.v3", 59_213_444L);

        // Inception at 80x60 (60 high), f = 64, every conv "same" stride 1, so every map stays 60x80 = 4,800 pixels.
        // conv(3,64,1,1) = 256; conv(64,64,1,1) = 4,160; conv(64,64,3,3) = 36,928; conv(64,64,1,3) = 12,352;
        // conv(3,64,3,3) = 1,792; conv(192,64,1,1) = 12,352; head dense(4800*C, 4) = 19,200*C + 4.
        // bottleneck e: 256 + (e-1)/2 * 36,928 + dense(4800*64 = 307,200, 4) 1,228,804
        COUNTS.put("inceptionBottleneck3", 1_265_988L);   // 256 + 36,928 + 1,228,804
        COUNTS.put("inceptionBottleneck5", 1_302_916L);   // 256 + 73,856 + 1,228,804
        COUNTS.put("inceptionBottleneck7", 1_339_844L);   // 256 + 110,784 + 1,228,804
        // towers5: 1x1 | 1x1,3x3 | 1x1,3x3,3x3 | 1x1,3x3x3 | pool,1x1 on the 3-channel input:
        //     5*256 + 6*36,928 = 222,848; concat 320 channels: dense(1,536,000, 4) = 6,144,004 -> 6,366,852
        COUNTS.put("inceptionTowers5", 6_366_852L);
        // paraA: stem 1,792 + 36,928 = 38,720; block on 64 channels: (4,160 + 2*36,928) + (4,160 + 36,928) + 4,160 = 123,264;
        //     concat 192 channels: dense(921,600, 4) = 3,686,404 -> 3,848,388
        COUNTS.put("inceptionParaA", 3_848_388L);
        // paraB: + a block on 192 channels: (12,352 + 73,856) + (12,352 + 36,928) + 12,352 = 147,840 -> 3,996,228 (the figure)
        COUNTS.put("inceptionParaB", 3_996_228L);
        // factorized: stem 38,720; towerA 1x1 4,160 + 1x3,3x1 24,704 + split 1x3|3x1 24,704 = 53,568;
        //     towerB 4,160 + split 24,704 = 28,864; towerC 4,160; concat 128+128+64 = 320 channels: 6,144,004 -> 6,269,316
        COUNTS.put("inceptionFactorized", 6_269_316L);

        // ---- Sarkar, optimisation study, Anderson, Rao ----
        // unetEncoder at 240x320, 3x3 same convs: conv(3,4)=112, conv(4,8)=296, conv(8,16)=1,168, conv(16,16)=2,320,
        //     conv(16,32)=4,640, conv(32,32)=9,248, conv(32,64)=18,496, conv(64,64)=36,928 -> 73,208;
        //     four same-padded pools: 15x20x64 = 19,200; dense(19200,4) = 76,804 -> 150,012 (the paper's figure)
        COUNTS.put("unetEncoder", 150_012L);
        // basicCnn(blocks) at 120x160, conv(3,32)=896, conv(32,64)=18,496, conv(64,128)=73,856, valid 2x2 pools,
        //     dense(flat,128), dense(128,4)=516; recipe default: no batch norm (dropout has no parameters).
        //   1 block: 60x80x32 = 153,600; dense 19,660,928 -> 896 + 19,660,928 + 516 = 19,662,340
        COUNTS.put("basicCnn", 19_662_340L);
        //   2 blocks: 30x40x64 = 76,800; dense 9,830,528 -> 896 + 18,496 + 9,830,528 + 516 = 9,850,436
        COUNTS.put("basicCnn.deeper2", 9_850_436L);
        //   3 blocks: 15x20x128 = 38,400; dense 4,915,328 -> 896 + 18,496 + 73,856 + 4,915,328 + 516 = 5,009,092
        COUNTS.put("basicCnn.deeper3", 5_009_092L);
        // VGG16 base: block1 1,792 + 36,928; block2 73,856 + 147,584; block3 295,168 + 2 x 590,080;
        //     block4 1,180,160 + 2 x 2,359,808; block5 3 x 2,359,808 -> 14,714,688. With no weights file nothing is frozen.
        // vgg16Transfer at 224: 7x7x512 = 25,088; dense(25088,256) = 6,422,784; dense(256,4) = 1,028 -> 21,138,500
        COUNTS.put("vgg16Transfer", 21_138_500L);
        // vgg16Gap: GAP 512; dense(512,112) = 57,456; dense(112,4) = 452 -> 14,772,596 (docs/architectures.md, nothing frozen)
        COUNTS.put("vgg16Gap", 14_772_596L);
        // vgg16Gap.paper: GAP 512; dense(512,100) = 51,300; dense(100,100) = 10,100; dense(100,4) = 404 -> 61,804 head,
        // 14,714,688 + 61,804 = 14,776,492: the poster's "Trainable params: 14,776,492"
        COUNTS.put("vgg16Gap.paper", 14_776_492L);
        // vgg16Gap.beforeGap: flatten 7x7x512 = 25,088; dense(25088,4096) = 102,764,544; dense(4096,4096) = 16,781,312;
        // dense(4096,4) = 16,388 -> 119,562,244 head (the poster's "over 120 million" with 1,000 classes), 134,276,932 in all
        COUNTS.put("vgg16Gap.beforeGap", 134_276_932L);
        // depthwiseSeparable at 150x150: conv(3,32) 896 -> pool 75; separable (depthwise k*k*in, pointwise in*out + out) + bn:
        //     (64,3): 288 + 2,112 + 128 = 2,528 -> 37; (128,5): 1,600 + 8,320 + 256 = 10,176 -> 18;
        //     (256,3): 1,152 + 33,024 + 512 = 34,688 -> 9; (256,5): 6,400 + 65,792 + 512 = 72,704 -> 4;
        //     4x4x256 = 4,096: dense(4096,512) 2,097,664 + dense(512,128) 65,664 + dense(128,64) 8,256 + dense(64,4) 260
        //     -> 2,292,836
        COUNTS.put("depthwiseSeparable", 2_292_836L);
    }

    private ExpectedParams() {
    }

    /** The pinned count, or null when the name has none yet. */
    static Long of(String name) {
        return COUNTS.get(name);
    }

    static Map<String, Long> all() {
        return COUNTS;
    }
}
