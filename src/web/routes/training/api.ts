import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AssignmentDto,
  CourseDto,
  CourseList,
  CreateCourseInput,
  LessonDto,
  MyAssignmentList,
  OpenAttemptDto,
  PublishResult,
  QuestionDto,
  SaveLessonInput,
  SaveQuestionInput,
  SubmitAttempt,
  SubmitResult,
  UpdateCourse,
  UpdateLesson,
} from '../../../shared/training.js';
import { api, upload, type UploadHandle } from '../../api/client.js';
import { SESSION_KEY } from '../../api/session.js';

const KEY = ['training'] as const;

export const useCourses = (enabled = true) => useQuery({ queryKey: [...KEY, 'courses'], queryFn: ({ signal }) => api.get<CourseList>('/api/courses', undefined, signal), enabled });
export const useCourse = (id: string | undefined) => useQuery({ queryKey: [...KEY, 'course', id], queryFn: ({ signal }) => api.get<CourseDto>(`/api/courses/${id}`, undefined, signal), enabled: !!id });
export const useMyAssignments = () => useQuery({ queryKey: [...KEY, 'mine'], queryFn: ({ signal }) => api.get<MyAssignmentList>('/api/my-course-assignments', undefined, signal) });
export const useAssignment = (id: string | undefined) =>
  useQuery({ queryKey: [...KEY, 'assignment', id], queryFn: ({ signal }) => api.get<AssignmentDto>(`/api/course-assignments/${id}`, undefined, signal), enabled: !!id });

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: KEY });
}

export function useCreateCourse() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: CreateCourseInput) => api.post<CourseDto>('/api/courses', body), onSettled: done });
}
export function useUpdateCourse(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: UpdateCourse) => api.patch<CourseDto>(`/api/courses/${id}`, body), onSettled: done });
}
export function usePublishCourse(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => api.post<PublishResult>(`/api/courses/${id}/publish`), onSettled: done });
}
export function useRetireCourse(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => api.post<CourseDto>(`/api/courses/${id}/retire`), onSettled: done });
}
export function useAddLesson(courseId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: SaveLessonInput) => api.post<LessonDto>(`/api/courses/${courseId}/lessons`, body), onSettled: done });
}
export function useUpdateLesson() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: UpdateLesson & { id: string }) => api.patch<LessonDto>(`/api/course-lessons/${id}`, body), onSettled: done });
}
export function useDeleteLesson() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.delete<void>(`/api/course-lessons/${id}`), onSettled: done });
}
export function useDeleteFile() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.delete<void>(`/api/course-files/${id}`), onSettled: done });
}
export function useSaveQuestion(courseId: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...body }: SaveQuestionInput & { id?: string }) => (id ? api.put<QuestionDto>(`/api/course-questions/${id}`, body) : api.post<QuestionDto>(`/api/courses/${courseId}/questions`, body)),
    onSettled: done,
  });
}
export function useDeleteQuestion() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.delete<void>(`/api/course-questions/${id}`), onSettled: done });
}
export function useStartAttempt(assignmentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => api.post<OpenAttemptDto>(`/api/course-assignments/${assignmentId}/attempts`), onSettled: done });
}
export function useSubmitAttempt() {
  const done = useInvalidate();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: SubmitAttempt & { id: string }) => api.post<SubmitResult>(`/api/quiz-attempts/${id}/submit`, body),
    // Passing a required course lifts the session's 'training' requirement.
    onSettled: () => Promise.all([done(), qc.invalidateQueries({ queryKey: SESSION_KEY })]),
  });
}

/** Uploads a lesson image (PNG, JPEG) or PDF with its captions; reports progress. */
export function uploadLessonFile(lessonId: string, file: File, captionJa: string, captionEn: string, onProgress: (f: number) => void): UploadHandle<LessonDto> {
  const form = new FormData();
  form.append('captionJa', captionJa);
  form.append('captionEn', captionEn);
  form.append('file', file, file.name);
  return upload<LessonDto>(`/api/course-lessons/${lessonId}/files`, form, onProgress);
}

export const certificateUrl = (assignmentId: string, lang: 'ja' | 'en') => `/api/course-assignments/${assignmentId}/certificate?lang=${lang}`;
export const TRAINING_KEY = KEY;
