// Test and bench support: 20 real 1280×720 step screenshots of a small app served on loopback, taken with Chromium.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';

export interface CapturedStep {
  image: Buffer;
  box: { x: number; y: number; width: number; height: number };
  caption: string;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** A busy-enough page (header, sidebar, list, form) so the GIF size reflects a real app, not a blank one. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop</title>
<style>
  body { margin: 0; font-family: sans-serif; background: #f4f6fb; color: #1f2937; }
  header { background: linear-gradient(90deg, #1e3a8a, #2563eb); color: white; padding: 16px 32px; display: flex; gap: 24px; align-items: center; }
  header nav a { color: #dbeafe; margin-right: 16px; text-decoration: none; }
  main { display: grid; grid-template-columns: 260px 1fr; gap: 24px; padding: 24px 32px; }
  aside .card { background: white; border-radius: 8px; padding: 12px; margin-bottom: 12px; box-shadow: 0 1px 3px #0002; }
  aside .card:nth-child(2) { background: #fef3c7; } aside .card:nth-child(3) { background: #dcfce7; }
  form { display: flex; gap: 8px; margin-bottom: 16px; }
  input { flex: 1; padding: 10px; font-size: 16px; border: 1px solid #9ca3af; border-radius: 6px; }
  button { padding: 10px 18px; font-size: 16px; background: #2563eb; color: white; border: 0; border-radius: 6px; }
  ul { list-style: none; padding: 0; margin: 0; columns: 2; }
  li { background: white; margin: 0 0 8px; padding: 10px 12px; border-radius: 6px; display: flex; justify-content: space-between; break-inside: avoid; }
  li.done span { text-decoration: line-through; color: #9ca3af; }
  .total { margin-top: 12px; font-weight: bold; }
</style></head>
<body>
<header><strong>ACME Shop</strong><nav><a href="#">Catalog</a><a href="#">Orders</a><a href="#">Account</a></nav></header>
<main>
  <aside>
    <div class="card"><h3>Your basket</h3><p>Add items on the right, then check them off once packed.</p></div>
    <div class="card"><h3>Offer</h3><p>Free delivery over 50 €.</p></div>
    <div class="card"><h3>Help</h3><p>Questions? Chat with us.</p></div>
  </aside>
  <section>
    <h2>Shopping list</h2>
    <form onsubmit="event.preventDefault(); addItem();">
      <input id="item" placeholder="What do you need?" aria-label="Item">
      <button id="add" type="submit">Add item</button>
    </form>
    <ul id="list"></ul>
    <div class="total" id="total">0 items</div>
  </section>
</main>
<script>
  function addItem() {
    const input = document.getElementById('item');
    if (!input.value) return;
    const li = document.createElement('li');
    li.innerHTML = '<span></span><input type="checkbox" aria-label="packed">';
    li.querySelector('span').textContent = input.value;
    li.querySelector('input').addEventListener('change', (e) => li.classList.toggle('done', e.target.checked));
    document.getElementById('list').appendChild(li);
    input.value = '';
    document.getElementById('total').textContent = document.querySelectorAll('#list li').length + ' items';
  }
</script>
</body></html>`;

/**
 * Serves the page on 127.0.0.1 and performs `count` steps (typing, adding, ticking items), screenshotting the
 * viewport after each with the acted element's box.
 */
export async function captureStepScreenshots(
  count = 20,
  format: 'jpeg' | 'png' = 'jpeg',
): Promise<CapturedStep[]> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`http://127.0.0.1:${port}/`);
    const steps: CapturedStep[] = [];
    let added = 0;
    for (let i = 0; i < count; i++) {
      let caption: string;
      let locator;
      if (i % 3 === 0) {
        locator = page.getByLabel('Item');
        caption = `Type "Item number ${added + 1}" into the item field`;
        await locator.fill(`Item number ${added + 1}`);
      } else if (i % 3 === 1) {
        locator = page.getByRole('button', { name: 'Add item' });
        caption = 'Click "Add item" to put it on the shopping list';
        await locator.click();
        added++;
      } else {
        locator = page.getByRole('checkbox').nth(added - 1);
        caption = `Tick item ${added} as packed and check the list shows it crossed out`;
        await locator.check();
      }
      const box = await locator.boundingBox();
      if (!box) throw new Error(`step ${i}: the acted element has no box`);
      const image = await page.screenshot(
        format === 'jpeg' ? { type: 'jpeg', quality: 80 } : { type: 'png' },
      );
      steps.push({ image, box, caption });
    }
    return steps;
  } finally {
    await browser.close();
    server.close();
  }
}
