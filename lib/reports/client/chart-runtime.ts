// chart.js with only the controllers, elements, scales and plugins the report charts use (tree-shaken; never
// "chart.js/auto"). ReportChart loads this module with a dynamic import, so chart.js is a chunk of its own that
// only pages showing a chart download, after the page is interactive.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PieController,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PieController,
  PointElement,
  Tooltip,
);

export { Chart };
