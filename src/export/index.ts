// ONNX export: networks written as ONNX by our own protobuf writer, checked against onnxruntime.
export * from './export.js';
export * from './checkpoint.js';
export * from './check.js';
export * from './feeds.js';
export { encodeModel, type OnnxModel, type OnnxGraph, type OnnxNode, type OnnxTensor } from './onnx-proto.js';
export { ProtoWriter } from './protobuf.js';
