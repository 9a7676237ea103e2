/**
 * Committees API `Publication` records in the real shape (../shared/samples/real/committees-publications-*.json):
 * every field a real record carries, null or not, so the adapter reads them as it reads the service.
 */
const HOME_AFFAIRS = {
  contact: null,
  id: 83,
  name: 'Home Affairs Committee',
  parentCommittee: null,
  subCommittees: [],
  house: 'Commons',
  leadHouse: null,
  category: { id: 1, name: 'Select' },
  committeeTypes: [],
  showOnWebsite: true,
  websiteLegacyUrl: null,
  websiteLegacyRedirectEnabled: false,
  startDate: '2010-07-13T00:00:00',
  endDate: null,
  dateCommonsAppointed: '2024-10-21T00:00:00',
  dateLordsAppointed: null,
  scrutinisingDepartments: [],
  isLeadCommittee: null,
  nameHistory: [],
};

const BUSINESS = {
  id: 8890,
  title: 'Group-based child sexual exploitation',
  type: { id: 1, name: 'Inquiry', isInquiry: true, description: 'Inquiries allow committees to consider oral and written evidence on a particular topic.' },
  openDate: '2025-01-14T00:00:00',
  closeDate: null,
  latestReport: null,
  openSubmissionPeriods: [],
  closedSubmissionPeriods: [],
  nextOralEvidenceSession: null,
  contact: null,
};

export interface PublicationSpec {
  id: number;
  description: string;
  published: string;
  /** A report the government can respond to, with the committee's deadline (or null for the two-month default). */
  report?: { deadline: string | null; responses?: { id: number; published: string }[]; excepted?: boolean };
  /** A government response to this report id. */
  respondsTo?: number;
}

export function publication(p: PublicationSpec): Record<string, unknown> {
  const isResponse = p.respondsTo !== undefined;
  return {
    businesses: [BUSINESS],
    committee: HOME_AFFAIRS,
    description: p.description,
    id: p.id,
    publicationStartDate: p.published,
    governmentResponses: {
      publication: (p.report?.responses ?? []).map((r) => ({ id: r.id, description: 'Government response', publicationStartDate: r.published })),
      responseDeadline: p.report?.deadline ?? null,
      responseExcepted: p.report?.excepted ?? false,
    },
    publicationEndDate: null,
    documents: [{ documentId: p.id * 2, files: [{ fileName: `HC ${p.id}.pdf`, fileSize: 301234, fileDataFormat: 'OriginalFormat', url: null }] }],
    hcNumber: { number: `HC ${p.id % 1000}`, sessionId: 39, sessionDescription: '2024-25' },
    hlPaper: null,
    type: isResponse
      ? { id: 12, name: 'Government Response', description: "The Government's response to a committee report.", governmentCanRespond: false, canBeResponse: true, iconKey: null, pluralVersion: 'Government Responses' }
      : { id: 1, name: 'Report', description: 'A committee report.', governmentCanRespond: true, canBeResponse: false, iconKey: null, pluralVersion: 'Reports' },
    responseToPublicationId: p.respondsTo ?? null,
    additionalContentUrl: null,
    additionalContentUrl2: null,
    respondingDepartment: isResponse ? { departmentId: 7, name: 'Home Office' } : null,
  };
}
