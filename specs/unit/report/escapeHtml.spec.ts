import { escapeHtml, jsonForScript } from '../../../harness/report/html/escapeHtml';
import { f32Text } from '../../../harness/report/html/numbers';

describe('escaping', () => {
  it('escapes markup and both quotes', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe(
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
    );
  });

  it('writes JSON that cannot end or bend a script element, and reads back unchanged', () => {
    const value = {
      a: '</script><script>window.__pwned=1</script>',
      b: '<!-- x -->',
      c: 'line\u2028sep\u2029',
      d: [1.5, -0.25],
    };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('shows a float32 with every digit that tells it from its neighbour', () => {
    const x = Math.fround(0.1);
    const next = new Float32Array(new Int32Array([new Int32Array(new Float32Array([x]).buffer)[0] + 1]).buffer)[0];
    expect(f32Text(x)).toBe('0.1');
    expect(f32Text(next)).not.toBe(f32Text(x));
    expect(Math.fround(Number(f32Text(next)))).toBe(next);
    expect(f32Text('NaN')).toBe('NaN');
  });
});
