// Prints the wrong and refused relocations of the Similo benchmark in detail, for diagnosis.
// Run: npx tsx bench/replay/similo-inspect.ts [--dataset <file.jsonl.gz>] [--all]
import { chooseCandidate } from '../../packages/engine/src/relocation/choose-candidate.ts';
import { DEFAULT_RELOCATION_WEIGHTS } from '../../packages/engine/src/relocation/relocation-weights.ts';
import { DEFAULT_DATASET_PATH, loadRelocationCases } from './similo-dataset.ts';
import {
  describeRelocationChoice,
  summarizeElement,
} from '../../packages/engine/src/relocation/explain-relocation.ts';
import { scoreCandidate } from '../../packages/engine/src/relocation/score-candidate.ts';

const file = process.argv.includes('--dataset')
  ? (process.argv[process.argv.indexOf('--dataset') + 1] as string)
  : DEFAULT_DATASET_PATH;
const cases = loadRelocationCases(file);
if (cases === null) {
  console.log(`similo inspect: data set not found at ${file}`);
} else {
  const only = process.argv.includes('--only')
    ? (process.argv[process.argv.indexOf('--only') + 1] as string).split(',')
    : null;
  const weightArg = process.argv.includes('--weights')
    ? (process.argv[process.argv.indexOf('--weights') + 1] as string)
    : '';
  const weights = {
    ...DEFAULT_RELOCATION_WEIGHTS,
    ...Object.fromEntries(
      weightArg
        .split(',')
        .filter((x) => x)
        .map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]),
    ),
  };
  for (const c of cases) {
    if (only && !only.includes(c.targetId)) continue;
    const choice = chooseCandidate(c.target, c.candidates, { weights });
    const ok = choice.kind === 'accepted' && choice.index === c.correctIndex;
    if (ok && !process.argv.includes('--all')) continue;
    const correct = c.candidates[c.correctIndex]!;
    const s = scoreCandidate(c.target, correct, weights);
    console.log(
      `\n=== ${c.targetId} ${choice.kind === 'accepted' ? (ok ? 'OK' : 'WRONG') : `REFUSED ${choice.reason}`}`,
    );
    console.log(
      `target ${summarizeElement(c.target)} xpath ${c.target.xpath} box ${JSON.stringify(c.target.boundingBox)} nb ${JSON.stringify(c.target.neighborTexts).slice(0, 200)} href ${c.target.href} class ${c.target.classes.join(' ')} id ${c.target.id} name ${c.target.name}`,
    );
    console.log(
      `correct #${c.correctIndex} ${summarizeElement(correct)} xpath ${correct.xpath} box ${JSON.stringify(correct.boundingBox)} nb ${JSON.stringify(correct.neighborTexts).slice(0, 200)} href ${correct.href} class ${correct.classes.join(' ')} id ${correct.id}`,
    );
    console.log(
      `  correct score ${s.score.toFixed(3)} identity ${s.identity}: ${Object.entries(s.breakdown)
        .filter(([, v]) => v.similarity !== null)
        .map(([k, v]) => `${k} ${v.similarity!.toFixed(2)}×${v.weight.toFixed(2)}`)
        .join(' · ')}`,
    );
    console.log(describeRelocationChoice(choice));
    for (const t of choice.top.slice(0, 3)) {
      const el = c.candidates[t.index]!;
      console.log(
        `    #${t.index} xpath ${el.xpath} box ${JSON.stringify(el.boundingBox)} href ${el.href} nb ${JSON.stringify(el.neighborTexts).slice(0, 150)}`,
      );
    }
  }
}
