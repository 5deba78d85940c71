// Courseware (PPTX) check, SPEC §3.2.
export { COURSEWARE_RULES, checkCourseware, describeLocation, formatSlides, MAX_IMAGE_PIXELS, type CoursewareRule } from './check-courseware.ts';
export { configureQrWasm, decodeQrFromImageFile, decodeQrFromRgba, ensureQrReady, sniffImage, type QrWasmOptions } from './qr.ts';
export { findContacts, findEmails, findUrls, hasAiLabel } from './text-scan.ts';
