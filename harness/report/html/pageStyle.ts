import { DIVERGENT } from './palette';

/** The report's stylesheet: one fixed palette, readable on white, nothing loaded from outside. */
export const PAGE_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
main{padding:1em 2em 3em;max-width:96em}
header{padding:1em 2em .4em;border-bottom:1px solid #d0d7de;background:#f6f8fa}
h1{font-size:20px;margin:0 0 .3em}h2{font-size:16px;margin:1.2em 0 .4em}h4{font-size:13px;margin:.8em 0 .3em}
code,pre{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}pre{background:#f6f8fa;padding:.8em;overflow:auto;max-height:30em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f6f8fa;font-weight:600}
table.divs td:nth-child(7){max-width:40em;word-break:break-word}
.verdict{display:inline-block;color:#fff;border-radius:1em;padding:0 .6em;font-size:12px;line-height:1.6;white-space:nowrap}
.note{color:#57606a;margin:.3em 0}.known{color:#7d4e00}.token{word-break:break-all;background:#f6f8fa;padding:.1em .3em}.cause{color:#9a6700}
.filters{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #d0d7de;padding:.5em 2em;display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:center}
.fgroup{display:flex;flex-wrap:wrap;gap:.3em;align-items:center}.flabel{color:#57606a;font-size:12px;margin-right:.2em}
button{font:inherit;font-size:12px;border:1px solid #d0d7de;background:#f6f8fa;border-radius:6px;padding:.15em .6em;cursor:pointer;color:#1f2328}
button:hover{background:#eaeef2}button.f[aria-pressed=true]{background:#0969da;border-color:#0969da;color:#fff}button.f .n{color:#57606a}button.f[aria-pressed=true] .n{color:#dbeafe}
.dot{display:inline-block;width:.7em;height:.7em;border-radius:50%;margin-right:.3em;vertical-align:-.05em}
#search{font:inherit;font-size:13px;padding:.2em .5em;border:1px solid #d0d7de;border-radius:6px;width:22em}#shown{color:#57606a;font-size:12px}
details.case{border:1px solid #d0d7de;border-radius:6px;margin:.5em 0;background:#fff}details.case[open]{box-shadow:0 1px 3px rgba(31,35,40,.12)}
details.case>summary{cursor:pointer;padding:.45em .7em;list-style-position:inside}details.case[open]>summary{border-bottom:1px solid #d0d7de;background:#f6f8fa}
details.case .body{padding:.3em 1em 1em}.name{font-weight:600}.brief{color:${DIVERGENT};font-size:12px;margin-left:.5em}
.diagnosis{border-left:4px solid #0969da;background:#ddf4ff;padding:.4em .8em;margin:.5em 0}.diagnosis p{margin:.2em 0}
.visuals{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start;margin:.6em 0}.graphs{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}
figure{margin:0}figcaption{font-size:12px;font-weight:600;color:#57606a;margin-bottom:.2em}figcaption small{font-weight:400}
.graph-fig{max-width:100%;overflow:auto}
svg.graph text{font:11px system-ui,sans-serif;text-anchor:middle;fill:#1f2328}svg.graph text.id{font-weight:600}
svg.graph .node rect{fill:#fff;stroke:#57606a;stroke-width:1.2}svg.graph .input rect{fill:#eaeef2}svg.graph .output rect{stroke-width:2.6}
svg.graph .first rect{stroke:${DIVERGENT};stroke-width:3.2;fill:#ffebe9}svg.graph text.badge{text-anchor:start;font-weight:700}svg.graph text.out{fill:#57606a;font-size:10px}
svg.graph .edges path{fill:none;stroke:#8c959f;stroke-width:1.3}svg.graph .edges polygon{fill:#8c959f}
svg.graph .cluster rect{fill:none;stroke-dasharray:5 3;stroke-width:1.4}svg.graph text.halo{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}svg.graph text.halo:not(.out){text-anchor:start;font-size:10px;font-weight:600}
.plots{display:grid;grid-template-columns:repeat(2,auto);gap:.8em 1.2em;align-items:start}.evo-same{grid-column:1/-1}.plot svg{background:#fff;border:1px solid #eaeef2;border-radius:4px}
.plot text{font:10px system-ui,sans-serif;fill:#57606a}.plot .tick{text-anchor:end}.plot .xl{text-anchor:middle}.plot .nc{text-anchor:middle;fill:#8c959f}.plot .nf{text-anchor:middle;font-weight:700}.plot .grid{stroke:#eaeef2}
.plot .lines path{fill:none;stroke-width:1.8}
.heat .maps{display:flex;flex-wrap:wrap;gap:1.2em}.hm svg{border:1px solid #d0d7de;image-rendering:pixelated}.hm rect.at{fill:none;stroke:#1f2328;stroke-width:1.5}
.hm-read{font:12px ui-monospace,monospace;min-height:1.4em}
`;
