/**
 * FIT-Connect: one 500 MB attachment upload over loopback HTTPS (issue 5 acceptance:
 * process RSS growth < 64 MB). The attachment is a real compact JWE (RSA-OAEP-256 +
 * A256GCM) for the destination's key, generated and streamed from a generator, never a
 * buffer; the simulator checks and decrypts it on the fly into a temp file. The 500 MB
 * limit applies to what is uploaded, the JWE, so the plaintext is the largest whose JWE
 * is exactly at the limit (about 375 MB).
 *
 *   node --import tsx bench/fitconnect-upload.ts [--mb 500]
 *
 * Prints the figures, then one JSON line (`rssGrowthMb`, …) for bench/run.ts. Exit code 1
 * when the upload was refused or RSS grew by 64 MB or more.
 */
import { parseArgs } from 'node:util';
import { createEphemeralPki } from '../simulators/kernel/pki/index.ts';
import { DEFAULT_LIMITS } from '../simulators/fitconnect/domain/index.ts';
import { measureLargeUpload, plaintextFitting } from '../simulators/fitconnect/transport/large-upload.ts';

const TARGET_MB = 64;
const { values } = parseArgs({ options: { mb: { type: 'string', default: '500' } } });
const sizeMb = Number(values.mb);
if (!Number.isInteger(sizeMb) || sizeMb < 1 || sizeMb > 500) throw new Error('--mb must be an integer from 1 to 500 (FIT-Connect allows 500 MB per attachment)');

const uploadBytes = Math.min(sizeMb * 1024 * 1024, DEFAULT_LIMITS.maxAttachmentBytes);
// kid: the PKI key source's kids are UUIDs (36 characters), like this placeholder.
const plaintextBytes = plaintextFitting(uploadBytes, '00000000-0000-4000-8000-000000000000', 'application/octet-stream');
const r = await measureLargeUpload(await createEphemeralPki(), plaintextBytes);
const ok = r.status === 204 && r.serverEncryptedBytes === r.encryptedBytes && r.encryptedBytes <= uploadBytes && r.rssGrowthMb < TARGET_MB;
console.log(`attachment: ${(r.encryptedBytes / 1024 / 1024).toFixed(1)} MB compact JWE (${(plaintextBytes / 1024 / 1024).toFixed(1)} MB plaintext) → HTTP ${r.status}`);
console.log(`time ${r.seconds.toFixed(1)} s (${(r.encryptedBytes / 1024 / 1024 / r.seconds).toFixed(0)} MB/s)`);
console.log(`RSS ${r.rssBaselineMb.toFixed(0)} MB before → peak ${r.rssPeakMb.toFixed(0)} MB: growth ${r.rssGrowthMb.toFixed(1)} MB (target < ${TARGET_MB} MB) ${ok ? 'met' : 'NOT MET'}`);
console.log(JSON.stringify({ attachmentMb: sizeMb, plaintextBytes, encryptedBytes: r.encryptedBytes, status: r.status, seconds: Number(r.seconds.toFixed(2)), rssBaselineMb: Number(r.rssBaselineMb.toFixed(1)), rssPeakMb: Number(r.rssPeakMb.toFixed(1)), rssGrowthMb: Number(r.rssGrowthMb.toFixed(1)), met: ok }));
process.exitCode = ok ? 0 : 1;
