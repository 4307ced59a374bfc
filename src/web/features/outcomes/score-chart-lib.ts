import { CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement } from 'chart.js';

// Only what a line chart with a legend needs, registered explicitly so the bundler drops the rest
// of Chart.js. score-chart.tsx imports this module on demand: pages without a chart never load it.
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend);

export { Chart };
