// Pack step "verify": every wheel going into the bundle is checked as install will check it, before anything is written.
import { checkListedWheel } from "../bundle/check-wheel.js";
import type { PassedChecks } from "../cache/passed-checks.js";
import { PyvendorError, isPyvendorError } from "../errors.js";
import type { Target } from "../python/target.js";
import { verifyWheelFile } from "../wheel/verify-wheel.js";
import type { PackedWheel } from "./build-step.js";
import type { Pin } from "./plan.js";

/** Where a pin came from, for messages: "requirements.txt:3 (foo==1.0)", "bar's Requires-Dist (foo>=1)", a path. */
export function pinOrigin(pin: Pin): string {
  if (pin.via) return `${pin.via.parent}'s requirement ${pin.via.requirement}`;
  const spec = pin.path ?? `${pin.name}==${pin.version}`;
  return pin.source ? `${spec} at ${pin.source.file}${pin.source.line > 0 ? `:${pin.source.line}` : ""}` : spec;
}

/**
 * Checks every wheel (verifyWheelFile: zip, RECORD, every entry, names and version;
 * checkListedWheel: the file name against its pin, and its tags against every target it
 * serves), so that a bundle pack writes is one install accepts; a wheel `checked` holds (it
 * passed the full check before; content-addressed, so it still does) skips the first. Run as wheels arrive, before
 * their METADATA is read. Throws the first problem's code with a message naming the wheel file
 * and the requirement it came from.
 */
export async function checkPackedWheels(wheels: PackedWheel[], targets: Target[], checked?: PassedChecks): Promise<void> {
  const tagsOf = (id: string) => targets.find((t) => t.manifest.id === id)?.supportedTags;
  for (const wheel of wheels) {
    try {
      if (!checked?.has(wheel.sha256)) {
        await verifyWheelFile({ wheelPath: wheel.path, sha256: wheel.sha256, filename: wheel.filename });
        checked?.add(wheel.sha256);
      }
      checkListedWheel({ pkg: wheel.pin, wheel }, tagsOf);
    } catch (err: unknown) {
      if (!isPyvendorError(err)) throw err;
      const named = err.message.includes(wheel.filename) ? "" : `wheel ${wheel.filename}, `;
      throw new PyvendorError(err.code, `${err.message} (${named}from ${pinOrigin(wheel.pin)})`, {
        ...(err.hint !== undefined ? { hint: err.hint } : {}),
        cause: err.cause,
        data: { ...err.data, wheel: wheel.filename, requirement: pinOrigin(wheel.pin) },
      });
    }
  }
}
