// The API server's naming rules for groups, versions, kinds and resources: names that break them never reach a path or an identifier.

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 subdomain (what the API server requires of a group): lower-case labels joined by dots. */
export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && s.split('.').every((l) => l.length <= 63 && dns1123Label.test(l));
}

/** A DNS-1035 label (versions, plurals, singulars, short names and lower-cased kinds): starts with a letter. */
export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && dns1035Label.test(s);
}

/** What is wrong with a group name, or undefined; `''` is the core group. */
export function groupProblem(group: string): string | undefined {
  return group === '' || isDnsSubdomain(group)
    ? undefined
    : `group "${group}" is not a DNS subdomain (lower-case letters, digits, "-" and ".")`;
}

/** What is wrong with a version name, or undefined. */
export function versionProblem(version: string): string | undefined {
  return isDnsLabel(version)
    ? undefined
    : `version "${version}" is not a DNS label (a lower-case letter, then lower-case letters, digits and "-")`;
}

/** What is wrong with a kind (or list kind) name, or undefined: the API server checks its lower-cased form. */
export function kindProblem(kind: string, what = 'kind'): string | undefined {
  return isDnsLabel(kind.toLowerCase())
    ? undefined
    : `${what} "${kind}" is not valid: it must start with a letter and hold only ASCII letters, digits and "-"`;
}

/** What is wrong with a resource name (plural or singular), or undefined. */
export function resourceProblem(name: string, what = 'plural'): string | undefined {
  return isDnsLabel(name)
    ? undefined
    : `${what} "${name}" is not a DNS label (a lower-case letter, then lower-case letters, digits and "-")`;
}
