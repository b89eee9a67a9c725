import { z } from 'zod';
import {
  ContentItemDto,
  ContentItemParam,
  ContentList,
  DismissProposal,
  GroupCredentialDetail,
  GroupCredentialList,
  GroupIdParam,
  GroupSessionDto,
  GroupSignIn,
  MyGroupList,
  ProposalQuery,
  PublishNotice,
  ResendCandidateList,
  ResendGroupId,
  RevealedGroupId,
  RotationProposalDto,
  RotationProposalList,
  RotationResultDto,
  SetRotationSchedule,
  UpdateContent,
  WithdrawContent,
} from '../groups.js';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/**
 * A 204 answer, declared as the schema the serializer compiles (the contract's `response: null`
 * gives the serializer a plain JSON schema it refuses).
 */
const NoContent = z.null();

/** Group IDs (P32-2.1.3d, e): my groups' IDs, the data center's rotation, group sessions and member-only content. */
export const groupsApi = defineApi(
  { tags: ['groups'] },
  {
    // my group IDs
    mine: { method: 'GET', path: '/api/group-ids/mine', response: MyGroupList },
    reveal: { method: 'POST', path: '/api/group-ids/:groupId/reveal', params: GroupIdParam, response: RevealedGroupId },
    resendCandidates: { method: 'GET', path: '/api/group-ids/:groupId/resend-candidates', params: GroupIdParam, response: ResendCandidateList },
    resend: { method: 'POST', path: '/api/group-ids/:groupId/resend', params: GroupIdParam, body: ResendGroupId, response: NoContent, status: 204 },

    // the data center: rotation, schedule, proposals, roster
    credentials: { method: 'GET', path: '/api/group-credentials', response: GroupCredentialList },
    credential: { method: 'GET', path: '/api/group-credentials/:groupId', params: GroupIdParam, response: GroupCredentialDetail },
    rotate: { method: 'POST', path: '/api/group-credentials/:groupId/rotate', params: GroupIdParam, response: RotationResultDto },
    setSchedule: { method: 'PATCH', path: '/api/group-credentials/:groupId/schedule', params: GroupIdParam, body: SetRotationSchedule, response: NoContent, status: 204 },
    proposals: { method: 'GET', path: '/api/group-rotation-proposals', query: ProposalQuery, response: RotationProposalList },
    acceptProposal: { method: 'POST', path: '/api/group-rotation-proposals/:id/accept', params: IdParam, response: RotationProposalDto },
    dismissProposal: { method: 'POST', path: '/api/group-rotation-proposals/:id/dismiss', params: IdParam, body: DismissProposal, response: RotationProposalDto },

    // signing in with a group ID: a read-only session for one group's content
    signIn: { method: 'POST', path: '/api/group-access/sign-in', body: GroupSignIn, response: GroupSessionDto },
    session: { method: 'GET', path: '/api/group-access/session', response: GroupSessionDto },
    signOut: { method: 'POST', path: '/api/group-access/sign-out', response: NoContent, status: 204 },

    // member-only content
    content: { method: 'GET', path: '/api/group-content/:groupId', params: GroupIdParam, response: ContentList },
    contentItem: { method: 'GET', path: '/api/group-content/:groupId/items/:itemId', params: ContentItemParam, response: ContentItemDto },
    contentFile: { method: 'GET', path: '/api/group-content/:groupId/items/:itemId/file', params: ContentItemParam, response: 'file' },
    publishNotice: { method: 'POST', path: '/api/group-content/:groupId/notices', params: GroupIdParam, body: PublishNotice, response: ContentItemDto, status: 201 },
    /** Multipart: the `titleJa` and `titleEn` fields and the `file` part. */
    publishDocument: { method: 'POST', path: '/api/group-content/:groupId/documents', params: GroupIdParam, consumes: ['multipart/form-data'], response: ContentItemDto, status: 201 },
    updateContent: { method: 'PATCH', path: '/api/group-content/:groupId/items/:itemId', params: ContentItemParam, body: UpdateContent, response: ContentItemDto },
    withdrawContent: { method: 'POST', path: '/api/group-content/:groupId/items/:itemId/withdraw', params: ContentItemParam, body: WithdrawContent, response: ContentItemDto },
  },
);
