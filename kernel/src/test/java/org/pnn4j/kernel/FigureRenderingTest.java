package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.pnn4j.plot.Figure;
import org.pnn4j.plot.Plots;

class FigureRenderingTest {
    @Test
    void aFigureDisplaysAsOnePngOfAllItsPanels() {
        Figure<?> f = Plots.confusion(new int[][] {{3, 1}, {0, 4}}, List.of("a", "b")).build();
        DisplayData d = Display.renderer().render(f);
        Object png = d.getData(MIMEType.IMAGE_PNG);
        assertTrue(png instanceof String, "image/png output expected");
        byte[] bytes = Base64.getDecoder().decode((String) png);
        assertTrue(bytes.length > 100 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', "a PNG");
    }
}
