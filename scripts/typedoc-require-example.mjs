// A typedoc plugin: every export, and every method of an exported class or interface, needs an `@example`.
// typedoc's own `validation.notDocumented` only asks for a summary; with `treatWarningsAsErrors` a missing example
// fails `npm run docs`.
import { Application, ReflectionKind } from 'typedoc';

const exported =
  ReflectionKind.Class |
  ReflectionKind.Interface |
  ReflectionKind.Function |
  ReflectionKind.TypeAlias |
  ReflectionKind.Variable |
  ReflectionKind.Enum;
const container = ReflectionKind.Class | ReflectionKind.Interface;

/** @param {import('typedoc').DeclarationReflection} reflection */
function needsExample(reflection) {
  if (reflection.kindOf(exported))
    return reflection.parent?.kindOf(ReflectionKind.SomeModule | ReflectionKind.Project) ?? false;
  if (!reflection.kindOf(ReflectionKind.Method)) return false;
  // An inherited method is documented, example included, where it is declared.
  return reflection.parent?.kindOf(container) === true && !reflection.inheritedFrom;
}

/** @param {import('typedoc').DeclarationReflection} reflection */
function hasExample(reflection) {
  const comments = [
    reflection.comment,
    ...(reflection.signatures ?? []).map((signature) => signature.comment),
  ];
  return comments.some((comment) => comment?.getTag('@example') !== undefined);
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    for (const reflection of project.getReflectionsByKind(exported | ReflectionKind.Method)) {
      if (needsExample(reflection) && !hasExample(reflection)) {
        app.logger.warn(
          `${reflection.getFriendlyFullName()} (${ReflectionKind[reflection.kind]}) has no @example`,
        );
      }
    }
  });
}
