// Label key and value syntax checks, as apimachinery's IsQualifiedName and IsValidLabelValue apply them.

const nameMaxLength = 63;
const prefixMaxLength = 253;
const qualifiedNamePart = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Problems with `key` as a label key (`[prefix/]name`); empty when the key is valid. The messages follow
 * apimachinery's wording so errors read the same as the API server's.
 */
export function labelKeyErrors(key: string): string[] {
  const parts = key.split('/');
  let name: string;
  const errs: string[] = [];
  if (parts.length === 1) {
    name = parts[0] as string;
  } else if (parts.length === 2) {
    const prefix = parts[0] as string;
    name = parts[1] as string;
    if (prefix.length === 0) {
      errs.push('prefix part must be non-empty');
    } else if (prefix.length > prefixMaxLength) {
      errs.push(`prefix part must be no more than ${prefixMaxLength} characters`);
    } else if (!dns1123Subdomain.test(prefix)) {
      errs.push(
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      );
    }
  } else {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character with an optional DNS subdomain prefix and '/'",
    ];
  }
  if (name.length === 0) {
    errs.push('name part must be non-empty');
  } else if (name.length > nameMaxLength) {
    errs.push(`name part must be no more than ${nameMaxLength} characters`);
  }
  if (name.length > 0 && !qualifiedNamePart.test(name)) {
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  }
  return errs;
}

/** Problems with `value` as a label value; empty when it is valid (the empty string is valid). */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > nameMaxLength) {
    errs.push(`must be no more than ${nameMaxLength} characters`);
  }
  if (!labelValuePattern.test(value)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  }
  return errs;
}
