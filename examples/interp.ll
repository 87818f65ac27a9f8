; Demo module for clairvoyant optimize: tests/llvm/data/interp.c compiled with
;   clang-19 -Oz -Xclang -disable-llvm-passes -emit-llvm -S interp.c -o interp.ll
; ModuleID = 'interp.c'
source_filename = "interp.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; Function Attrs: minsize nounwind optsize uwtable
define dso_local i32 @run(ptr noundef %0, i32 noundef %1, ptr noundef %2, i32 noundef %3) #0 {
  %5 = alloca i32, align 4
  %6 = alloca ptr, align 8
  %7 = alloca i32, align 4
  %8 = alloca ptr, align 8
  %9 = alloca i32, align 4
  %10 = alloca [64 x i32], align 16
  %11 = alloca i32, align 4
  %12 = alloca i32, align 4
  %13 = alloca i32, align 4
  %14 = alloca i32, align 4
  %15 = alloca i32, align 4
  %16 = alloca i32, align 4
  %17 = alloca i32, align 4
  store ptr %0, ptr %6, align 8, !tbaa !5
  store i32 %1, ptr %7, align 4, !tbaa !9
  store ptr %2, ptr %8, align 8, !tbaa !5
  store i32 %3, ptr %9, align 4, !tbaa !9
  call void @llvm.lifetime.start.p0(i64 256, ptr %10) #2
  call void @llvm.lifetime.start.p0(i64 4, ptr %11) #2
  store i32 0, ptr %11, align 4, !tbaa !9
  call void @llvm.lifetime.start.p0(i64 4, ptr %12) #2
  store i32 0, ptr %12, align 4, !tbaa !9
  call void @llvm.lifetime.start.p0(i64 4, ptr %13) #2
  store i32 0, ptr %13, align 4, !tbaa !9
  br label %18

18:                                               ; preds = %181, %4
  %19 = load i32, ptr %12, align 4, !tbaa !9
  %20 = load i32, ptr %7, align 4, !tbaa !9
  %21 = icmp slt i32 %19, %20
  br i1 %21, label %22, label %182

22:                                               ; preds = %18
  call void @llvm.lifetime.start.p0(i64 4, ptr %14) #2
  %23 = load ptr, ptr %6, align 8, !tbaa !5
  %24 = load i32, ptr %12, align 4, !tbaa !9
  %25 = add nsw i32 %24, 1
  store i32 %25, ptr %12, align 4, !tbaa !9
  %26 = sext i32 %24 to i64
  %27 = getelementptr inbounds i32, ptr %23, i64 %26
  %28 = load i32, ptr %27, align 4, !tbaa !9
  store i32 %28, ptr %14, align 4, !tbaa !9
  %29 = load i32, ptr %14, align 4, !tbaa !9
  switch i32 %29, label %177 [
    i32 0, label %30
    i32 1, label %41
    i32 2, label %54
    i32 3, label %67
    i32 4, label %80
    i32 5, label %106
    i32 6, label %117
    i32 7, label %137
    i32 8, label %153
    i32 9, label %159
    i32 10, label %175
  ]

30:                                               ; preds = %22
  %31 = load ptr, ptr %6, align 8, !tbaa !5
  %32 = load i32, ptr %12, align 4, !tbaa !9
  %33 = add nsw i32 %32, 1
  store i32 %33, ptr %12, align 4, !tbaa !9
  %34 = sext i32 %32 to i64
  %35 = getelementptr inbounds i32, ptr %31, i64 %34
  %36 = load i32, ptr %35, align 4, !tbaa !9
  %37 = load i32, ptr %11, align 4, !tbaa !9
  %38 = add nsw i32 %37, 1
  store i32 %38, ptr %11, align 4, !tbaa !9
  %39 = sext i32 %37 to i64
  %40 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %39
  store i32 %36, ptr %40, align 4, !tbaa !9
  br label %178

41:                                               ; preds = %22
  %42 = load i32, ptr %11, align 4, !tbaa !9
  %43 = add nsw i32 %42, -1
  store i32 %43, ptr %11, align 4, !tbaa !9
  %44 = load i32, ptr %11, align 4, !tbaa !9
  %45 = sext i32 %44 to i64
  %46 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %45
  %47 = load i32, ptr %46, align 4, !tbaa !9
  %48 = load i32, ptr %11, align 4, !tbaa !9
  %49 = sub nsw i32 %48, 1
  %50 = sext i32 %49 to i64
  %51 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %50
  %52 = load i32, ptr %51, align 4, !tbaa !9
  %53 = add nsw i32 %52, %47
  store i32 %53, ptr %51, align 4, !tbaa !9
  br label %178

54:                                               ; preds = %22
  %55 = load i32, ptr %11, align 4, !tbaa !9
  %56 = add nsw i32 %55, -1
  store i32 %56, ptr %11, align 4, !tbaa !9
  %57 = load i32, ptr %11, align 4, !tbaa !9
  %58 = sext i32 %57 to i64
  %59 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %58
  %60 = load i32, ptr %59, align 4, !tbaa !9
  %61 = load i32, ptr %11, align 4, !tbaa !9
  %62 = sub nsw i32 %61, 1
  %63 = sext i32 %62 to i64
  %64 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %63
  %65 = load i32, ptr %64, align 4, !tbaa !9
  %66 = sub nsw i32 %65, %60
  store i32 %66, ptr %64, align 4, !tbaa !9
  br label %178

67:                                               ; preds = %22
  %68 = load i32, ptr %11, align 4, !tbaa !9
  %69 = add nsw i32 %68, -1
  store i32 %69, ptr %11, align 4, !tbaa !9
  %70 = load i32, ptr %11, align 4, !tbaa !9
  %71 = sext i32 %70 to i64
  %72 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %71
  %73 = load i32, ptr %72, align 4, !tbaa !9
  %74 = load i32, ptr %11, align 4, !tbaa !9
  %75 = sub nsw i32 %74, 1
  %76 = sext i32 %75 to i64
  %77 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %76
  %78 = load i32, ptr %77, align 4, !tbaa !9
  %79 = mul nsw i32 %78, %73
  store i32 %79, ptr %77, align 4, !tbaa !9
  br label %178

80:                                               ; preds = %22
  %81 = load i32, ptr %11, align 4, !tbaa !9
  %82 = add nsw i32 %81, -1
  store i32 %82, ptr %11, align 4, !tbaa !9
  %83 = load i32, ptr %11, align 4, !tbaa !9
  %84 = sext i32 %83 to i64
  %85 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %84
  %86 = load i32, ptr %85, align 4, !tbaa !9
  %87 = icmp ne i32 %86, 0
  br i1 %87, label %88, label %99

88:                                               ; preds = %80
  %89 = load i32, ptr %11, align 4, !tbaa !9
  %90 = sub nsw i32 %89, 1
  %91 = sext i32 %90 to i64
  %92 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %91
  %93 = load i32, ptr %92, align 4, !tbaa !9
  %94 = load i32, ptr %11, align 4, !tbaa !9
  %95 = sext i32 %94 to i64
  %96 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %95
  %97 = load i32, ptr %96, align 4, !tbaa !9
  %98 = sdiv i32 %93, %97
  br label %100

99:                                               ; preds = %80
  br label %100

100:                                              ; preds = %99, %88
  %101 = phi i32 [ %98, %88 ], [ 0, %99 ]
  %102 = load i32, ptr %11, align 4, !tbaa !9
  %103 = sub nsw i32 %102, 1
  %104 = sext i32 %103 to i64
  %105 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %104
  store i32 %101, ptr %105, align 4, !tbaa !9
  br label %178

106:                                              ; preds = %22
  %107 = load i32, ptr %11, align 4, !tbaa !9
  %108 = sub nsw i32 %107, 1
  %109 = sext i32 %108 to i64
  %110 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %109
  %111 = load i32, ptr %110, align 4, !tbaa !9
  %112 = load i32, ptr %11, align 4, !tbaa !9
  %113 = sext i32 %112 to i64
  %114 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %113
  store i32 %111, ptr %114, align 4, !tbaa !9
  %115 = load i32, ptr %11, align 4, !tbaa !9
  %116 = add nsw i32 %115, 1
  store i32 %116, ptr %11, align 4, !tbaa !9
  br label %178

117:                                              ; preds = %22
  call void @llvm.lifetime.start.p0(i64 4, ptr %15) #2
  %118 = load i32, ptr %11, align 4, !tbaa !9
  %119 = sub nsw i32 %118, 1
  %120 = sext i32 %119 to i64
  %121 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %120
  %122 = load i32, ptr %121, align 4, !tbaa !9
  store i32 %122, ptr %15, align 4, !tbaa !9
  %123 = load i32, ptr %11, align 4, !tbaa !9
  %124 = sub nsw i32 %123, 2
  %125 = sext i32 %124 to i64
  %126 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %125
  %127 = load i32, ptr %126, align 4, !tbaa !9
  %128 = load i32, ptr %11, align 4, !tbaa !9
  %129 = sub nsw i32 %128, 1
  %130 = sext i32 %129 to i64
  %131 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %130
  store i32 %127, ptr %131, align 4, !tbaa !9
  %132 = load i32, ptr %15, align 4, !tbaa !9
  %133 = load i32, ptr %11, align 4, !tbaa !9
  %134 = sub nsw i32 %133, 2
  %135 = sext i32 %134 to i64
  %136 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %135
  store i32 %132, ptr %136, align 4, !tbaa !9
  call void @llvm.lifetime.end.p0(i64 4, ptr %15) #2
  br label %178

137:                                              ; preds = %22
  call void @llvm.lifetime.start.p0(i64 4, ptr %16) #2
  %138 = load ptr, ptr %6, align 8, !tbaa !5
  %139 = load i32, ptr %12, align 4, !tbaa !9
  %140 = add nsw i32 %139, 1
  store i32 %140, ptr %12, align 4, !tbaa !9
  %141 = sext i32 %139 to i64
  %142 = getelementptr inbounds i32, ptr %138, i64 %141
  %143 = load i32, ptr %142, align 4, !tbaa !9
  store i32 %143, ptr %16, align 4, !tbaa !9
  %144 = load i32, ptr %11, align 4, !tbaa !9
  %145 = add nsw i32 %144, -1
  store i32 %145, ptr %11, align 4, !tbaa !9
  %146 = sext i32 %145 to i64
  %147 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %146
  %148 = load i32, ptr %147, align 4, !tbaa !9
  %149 = icmp eq i32 %148, 0
  br i1 %149, label %150, label %152

150:                                              ; preds = %137
  %151 = load i32, ptr %16, align 4, !tbaa !9
  store i32 %151, ptr %12, align 4, !tbaa !9
  br label %152

152:                                              ; preds = %150, %137
  call void @llvm.lifetime.end.p0(i64 4, ptr %16) #2
  br label %178

153:                                              ; preds = %22
  %154 = load ptr, ptr %6, align 8, !tbaa !5
  %155 = load i32, ptr %12, align 4, !tbaa !9
  %156 = sext i32 %155 to i64
  %157 = getelementptr inbounds i32, ptr %154, i64 %156
  %158 = load i32, ptr %157, align 4, !tbaa !9
  store i32 %158, ptr %12, align 4, !tbaa !9
  br label %178

159:                                              ; preds = %22
  %160 = load i32, ptr %13, align 4, !tbaa !9
  %161 = load i32, ptr %9, align 4, !tbaa !9
  %162 = icmp slt i32 %160, %161
  br i1 %162, label %163, label %174

163:                                              ; preds = %159
  %164 = load i32, ptr %11, align 4, !tbaa !9
  %165 = add nsw i32 %164, -1
  store i32 %165, ptr %11, align 4, !tbaa !9
  %166 = sext i32 %165 to i64
  %167 = getelementptr inbounds [64 x i32], ptr %10, i64 0, i64 %166
  %168 = load i32, ptr %167, align 4, !tbaa !9
  %169 = load ptr, ptr %8, align 8, !tbaa !5
  %170 = load i32, ptr %13, align 4, !tbaa !9
  %171 = add nsw i32 %170, 1
  store i32 %171, ptr %13, align 4, !tbaa !9
  %172 = sext i32 %170 to i64
  %173 = getelementptr inbounds i32, ptr %169, i64 %172
  store i32 %168, ptr %173, align 4, !tbaa !9
  br label %174

174:                                              ; preds = %163, %159
  br label %178

175:                                              ; preds = %22
  %176 = load i32, ptr %13, align 4, !tbaa !9
  store i32 %176, ptr %5, align 4
  store i32 1, ptr %17, align 4
  br label %179

177:                                              ; preds = %22
  store i32 -1, ptr %5, align 4
  store i32 1, ptr %17, align 4
  br label %179

178:                                              ; preds = %174, %153, %152, %117, %106, %100, %67, %54, %41, %30
  store i32 0, ptr %17, align 4
  br label %179

179:                                              ; preds = %178, %177, %175
  call void @llvm.lifetime.end.p0(i64 4, ptr %14) #2
  %180 = load i32, ptr %17, align 4
  switch i32 %180, label %184 [
    i32 0, label %181
  ]

181:                                              ; preds = %179
  br label %18, !llvm.loop !11

182:                                              ; preds = %18
  %183 = load i32, ptr %13, align 4, !tbaa !9
  store i32 %183, ptr %5, align 4
  store i32 1, ptr %17, align 4
  br label %184

184:                                              ; preds = %182, %179
  call void @llvm.lifetime.end.p0(i64 4, ptr %13) #2
  call void @llvm.lifetime.end.p0(i64 4, ptr %12) #2
  call void @llvm.lifetime.end.p0(i64 4, ptr %11) #2
  call void @llvm.lifetime.end.p0(i64 256, ptr %10) #2
  %185 = load i32, ptr %5, align 4
  ret i32 %185
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: minsize nounwind optsize uwtable
define dso_local i32 @count_ops(ptr noundef %0, i32 noundef %1, i32 noundef %2) #0 {
  %4 = alloca ptr, align 8
  %5 = alloca i32, align 4
  %6 = alloca i32, align 4
  %7 = alloca i32, align 4
  %8 = alloca i32, align 4
  store ptr %0, ptr %4, align 8, !tbaa !5
  store i32 %1, ptr %5, align 4, !tbaa !9
  store i32 %2, ptr %6, align 4, !tbaa !9
  call void @llvm.lifetime.start.p0(i64 4, ptr %7) #2
  store i32 0, ptr %7, align 4, !tbaa !9
  call void @llvm.lifetime.start.p0(i64 4, ptr %8) #2
  store i32 0, ptr %8, align 4, !tbaa !9
  br label %9

9:                                                ; preds = %25, %3
  %10 = load i32, ptr %8, align 4, !tbaa !9
  %11 = load i32, ptr %5, align 4, !tbaa !9
  %12 = icmp slt i32 %10, %11
  br i1 %12, label %14, label %13

13:                                               ; preds = %9
  call void @llvm.lifetime.end.p0(i64 4, ptr %8) #2
  br label %28

14:                                               ; preds = %9
  %15 = load ptr, ptr %4, align 8, !tbaa !5
  %16 = load i32, ptr %8, align 4, !tbaa !9
  %17 = sext i32 %16 to i64
  %18 = getelementptr inbounds i32, ptr %15, i64 %17
  %19 = load i32, ptr %18, align 4, !tbaa !9
  %20 = load i32, ptr %6, align 4, !tbaa !9
  %21 = icmp eq i32 %19, %20
  %22 = zext i1 %21 to i32
  %23 = load i32, ptr %7, align 4, !tbaa !9
  %24 = add nsw i32 %23, %22
  store i32 %24, ptr %7, align 4, !tbaa !9
  br label %25

25:                                               ; preds = %14
  %26 = load i32, ptr %8, align 4, !tbaa !9
  %27 = add nsw i32 %26, 1
  store i32 %27, ptr %8, align 4, !tbaa !9
  br label %9, !llvm.loop !13

28:                                               ; preds = %13
  %29 = load i32, ptr %7, align 4, !tbaa !9
  call void @llvm.lifetime.end.p0(i64 4, ptr %7) #2
  ret i32 %29
}

attributes #0 = { minsize nounwind optsize uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { nounwind }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = !{!6, !6, i64 0}
!6 = !{!"any pointer", !7, i64 0}
!7 = !{!"omnipotent char", !8, i64 0}
!8 = !{!"Simple C/C++ TBAA"}
!9 = !{!10, !10, i64 0}
!10 = !{!"int", !7, i64 0}
!11 = distinct !{!11, !12}
!12 = !{!"llvm.loop.mustprogress"}
!13 = distinct !{!13, !12}
