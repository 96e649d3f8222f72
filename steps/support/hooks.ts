import { After, AfterAll, AfterStep, Before, BeforeAll, setDefaultTimeout, setWorldConstructor, Status } from '@cucumber/cucumber';
import { parseParameters } from './parameters.ts';
import { createRunContext } from './run-context.ts';
import { GovsimWorld, setRunContext } from './world.ts';

setWorldConstructor(GovsimWorld);
// Steps wait for the SUT up to the run's timeout; Cucumber's own limit sits above it.
setDefaultTimeout(Number(process.env.GOVSIM_STEP_TIMEOUT_MS ?? 60_000));

let ctx: Awaited<ReturnType<typeof createRunContext>> | undefined;

BeforeAll(async function () {
  ctx = await createRunContext(parseParameters(this.parameters));
  setRunContext(ctx);
});

AfterAll(function () {
  ctx?.recorder.close();
  setRunContext(undefined);
});

Before(function (this: GovsimWorld, { pickle, gherkinDocument }) {
  const tags = pickle.tags.map((t) => t.name);
  this.scenario = { id: pickle.id, name: pickle.name, tags };
  const platform = tags.find((t) => t.startsWith('@platform:'))?.slice('@platform:'.length) ?? 'unknown';
  this.values.set('platform', platform);
  this.run.recorder.scenarioId = pickle.id;
  this.run.recorder.record({
    kind: 'scenario', platform, environment: this.parameters.environment,
    summary: `scenario started: ${pickle.name}`,
    data: { event: 'start', name: pickle.name, tags, uri: pickle.uri, feature: gherkinDocument.feature?.name, sutMode: this.parameters.sutMode },
  });
});

AfterStep(function (this: GovsimWorld, { pickleStep, result }) {
  this.run.recorder.record({
    kind: 'step', platform: String(this.values.get('platform')),
    summary: `${result.status}: ${pickleStep.text}`,
    verdicts: [{ check: 'STEP', ok: result.status === Status.PASSED, message: result.message }],
    data: { stepId: pickleStep.id, text: pickleStep.text, status: result.status, durationMs: result.duration.seconds * 1000 + result.duration.nanos / 1e6 },
  });
});

After(async function (this: GovsimWorld, { pickle, result }) {
  await this.stopSimulators();
  this.run.faults.clear();
  this.run.recorder.record({
    kind: 'scenario', platform: String(this.values.get('platform')),
    summary: `scenario ${result?.status}: ${pickle.name}`,
    verdicts: [{ check: 'SCENARIO', ok: result?.status === Status.PASSED, message: result?.message }],
    data: { event: 'end', status: result?.status, tags: pickle.tags.map((t) => t.name) },
  });
  this.run.recorder.scenarioId = undefined;
});
