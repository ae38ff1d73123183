package org.knowm.xchart.internal.chartpart;

import java.util.ArrayList;
import java.util.List;

/**
 * The tick labels XChart draws on a chart's axes, for tests. XChart keeps them package-private, so
 * this helper lives in XChart's package (test classpath only). Render the chart first: the labels are
 * worked out while painting.
 *
 * <p>Usage: {@code BitmapEncoder.getBufferedImage(chart); List<String> y = ChartTicks.yLabels(chart);}
 */
public final class ChartTicks {
    private ChartTicks() {
    }

    public static List<String> yLabels(Chart<?, ?> chart) {
        return visible(chart.getYAxis().getAxisTickCalculator());
    }

    public static List<String> xLabels(Chart<?, ?> chart) {
        return visible(chart.getXAxis().getAxisTickCalculator());
    }

    // The calculator also lists a tick just outside each end of the axis, which is not painted.
    private static List<String> visible(AxisTickCalculator ticks) {
        double space = ticks instanceof AxisTickCalculator_ t ? t.workingSpace : Double.MAX_VALUE;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ticks.getTickLabels().size(); i++) {
            double at = ticks.getTickLocations().get(i);
            if (at >= 0 && at <= space) {
                out.add(ticks.getTickLabels().get(i));
            }
        }
        return out;
    }
}
