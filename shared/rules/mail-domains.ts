/** Whether an address is in one of the allowed mail domains (or a subdomain of one). */
export const inMailDomains = (email: string, domains: readonly string[]): boolean => {
  const domain = email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
};

export const outsideDomainsMessage = (domains: readonly string[]) => `Must be an address in ${domains.join(', ')}`;
